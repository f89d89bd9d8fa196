"""Pure domain logic: standard library only, no Flask, no SQLAlchemy.

Everything above this layer (models, services, web) may import from here;
nothing here imports from above.
"""
