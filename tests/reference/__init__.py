"""Older implementations kept only as references: equivalence tests compare the product with them."""
