"""Frame sources: the only modules that read pixels with cv2."""
