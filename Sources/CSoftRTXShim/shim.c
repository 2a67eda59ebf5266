#include "CSoftRTXShim.h"
