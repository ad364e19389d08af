"""Reports: plain data computed with set-based SQL, rendered elsewhere."""
