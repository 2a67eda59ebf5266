// Linux interfaces Glibc's Swift overlay does not export.
#pragma once
