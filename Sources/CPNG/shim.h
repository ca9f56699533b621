#ifndef LIGHTBOX_CPNG_SHIM_H
#define LIGHTBOX_CPNG_SHIM_H
// Only the simplified png_image_* API is used: the classic API reports errors by
// longjmp, which Swift cannot catch.
#include <png.h>

static inline unsigned lbx_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 lbx_png_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 lbx_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 lbx_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 lbx_png_format_flag_linear(void) { return PNG_FORMAT_FLAG_LINEAR; }
static inline png_uint_32 lbx_png_format_flag_color(void) { return PNG_FORMAT_FLAG_COLOR; }
static inline png_uint_32 lbx_png_format_flag_alpha(void) { return PNG_FORMAT_FLAG_ALPHA; }
#endif
