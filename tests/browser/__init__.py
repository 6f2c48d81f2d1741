"""Browser tests of the rendered book (Playwright + Debian Chromium, offline); see conftest.py."""
