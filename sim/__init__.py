"""The Gusu model of Suzhou's old town: pure Python (simpy, numpy, pydantic); never imports Qt or gui."""
