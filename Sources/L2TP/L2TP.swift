// L2TP module
