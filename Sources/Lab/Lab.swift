// Lab module
