from posecount.tracks.format import SUFFIX, TrackHeader, TrackReader, TrackWriter, is_track_path

__all__ = ["SUFFIX", "TrackHeader", "TrackReader", "TrackWriter", "is_track_path"]
