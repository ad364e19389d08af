"""Consultations (协商议事) and villagers' requests (诉求): input format, lifecycle, rules."""
