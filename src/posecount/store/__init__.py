"""Where sessions are kept: the user data directory, one folder per session."""
