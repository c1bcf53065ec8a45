"""Index: the encoders, the Chroma store of their vectors, and the keyword index."""
