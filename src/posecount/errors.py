"""Errors a user can fix. The CLI prints the message (one line) and exits 1.

Each message says what is wrong, what was received and what to do next.
"""


class PosecountError(Exception):
    """Base class: a problem the user can act on, never a bug."""


class SourceError(PosecountError):
    """A video, camera or pose track cannot be opened or read."""


class ModelError(PosecountError):
    """A pose model bundle is missing, corrupt or cannot be fetched."""


class TrackFormatError(SourceError):
    """A pose-track file is malformed."""


class ExerciseError(PosecountError):
    """An unknown exercise id or an exercise that cannot be analysed from this input."""


class PrescriptionError(PosecountError):
    """A prescription file is malformed."""


class StoreError(PosecountError):
    """The session history database is missing, locked, read-only, corrupt or too new."""


class ReportError(PosecountError):
    """A report cannot be built or written (nothing to show, or the output file exists)."""


class OutputError(PosecountError):
    """An output path that would overwrite an input or a user's file, or cannot be written."""
