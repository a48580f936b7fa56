"""Earlier implementations kept only as references that equivalence tests hold the product code to."""
