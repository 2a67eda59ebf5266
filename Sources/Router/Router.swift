// Router module
