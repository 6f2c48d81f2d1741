"""w2vlib: the numerics behind the w2v-book."""

# numerics
from w2vlib.activations import log_sigmoid, log_softmax, sigmoid, softmax
from w2vlib.gradcheck import GradientCheckError, gradcheck
from w2vlib.losses import naive_softmax_loss_and_gradient, neg_sampling_loss_and_gradient
from w2vlib.sampling import NegativeSampler
from w2vlib.sgd import linear_decay_lr, sgd_step
from w2vlib.vocab import Vocabulary, keep_probabilities, subsample
from w2vlib.window import cbow, skipgram

# symbolic checking (chapters 1-7)
from w2vlib.symbolic import check_answer

# training
from w2vlib.corpora import load_toy, planted_corpus, toy_names
from w2vlib.model import TrainingHistory, Word2VecModel
from w2vlib.training import TrainingDivergedError, train

# real text
from w2vlib.datasets import load_analogies, load_enwiki_short, load_lee_background, load_simlex999, load_wordsim353
from w2vlib.evaluation import analogy_accuracy, nearest_neighbours, spearman_correlation, word_similarity

# the book build (W2V_BOOK_BUILD=1) keeps a vector copy of every figure for the printed book
from w2vlib.book_build import keep_vector_figures as _keep_vector_figures

_keep_vector_figures()
