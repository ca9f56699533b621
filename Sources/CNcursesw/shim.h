#ifndef LIGHTBOX_CNCURSESW_SHIM_H
#define LIGHTBOX_CNCURSESW_SHIM_H
// Wide-character curses. SwiftPM drops -D flags from pkg-config, so the macro lives here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Swift 6 cannot read these C globals/macros safely; small accessors instead.
static inline WINDOW *lbx_stdscr(void) { return stdscr; }
static inline attr_t lbx_a_bold(void) { return A_BOLD; }
static inline attr_t lbx_a_reverse(void) { return A_REVERSE; }
static inline attr_t lbx_a_underline(void) { return A_UNDERLINE; }
static inline attr_t lbx_a_dim(void) { return A_DIM; }
static inline attr_t lbx_a_italic(void) { return A_ITALIC; }
static inline int lbx_colors(void) { return COLORS; }
static inline void lbx_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }

/// The terminfo colour count for `term` (or $TERM when NULL), without initialising the screen.
/// Returns -1 when the terminal is unknown to terminfo.
static inline int lbx_terminfo_colors(const char *term) {
    int err = 0;
    if (setupterm(term, -1, &err) != OK) return -1;
    int colors = tigetnum("colors");
    del_curterm(cur_term);
    return colors;
}
#endif
