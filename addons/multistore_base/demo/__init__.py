# Demo generators (demo_data.py) are imported on demand by
# multistore.store._multistore_demo_generate, never at addon load.
