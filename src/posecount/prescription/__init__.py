from posecount.prescription.catalogue import CATALOGUE, resolve_prescription
from posecount.prescription.model import Prescription

__all__ = ["CATALOGUE", "Prescription", "resolve_prescription"]
