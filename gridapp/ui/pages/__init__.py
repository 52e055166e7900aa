"""The pages of the main window, one module each (see ``gridapp/ui/main_window.py``)."""
