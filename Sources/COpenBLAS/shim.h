#ifndef LIGHTBOX_COPENBLAS_SHIM_H
#define LIGHTBOX_COPENBLAS_SHIM_H
// OpenBLAS's own cblas.h (found through pkg-config "openblas").
#include <cblas.h>
#endif
