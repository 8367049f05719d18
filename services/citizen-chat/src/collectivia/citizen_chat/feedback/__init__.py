"""Ratings of answers, and problems reported to the ethics register."""
