#ifndef LIGHTBOX_DCMTK_H
#define LIGHTBOX_DCMTK_H
// A plain C face for the parts of DCMTK that Lightbox uses: reading a file's
// attributes, decoding its pixels to stored values, listing a DICOMDIR, and
// writing a dataset. Keeping C++ behind this header means no Swift target needs
// C++ interoperability mode.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A one-line, human-readable reason for a failure.
typedef struct lbx_error {
    char message[512];
} lbx_error;

/// Registers the JPEG, JPEG-LS and RLE decoders and silences DCMTK's logger
/// (it writes to stderr, which would corrupt a curses screen). Idempotent and
/// thread-safe; every entry point below calls it.
void lbx_dcmtk_initialize(void);

// MARK: - Reading

typedef struct lbx_dicom lbx_dicom;

/// Opens a DICOM file. Large values (pixel data) are read lazily, so opening is
/// cheap even for big files. Returns NULL and fills `error` on failure.
lbx_dicom *lbx_dicom_open(const char *path, lbx_error *error);
void lbx_dicom_close(lbx_dicom *file);

/// The whole value of a dataset attribute (multiple values joined by '\'),
/// converted to UTF-8 from the file's SpecificCharacterSet. When the character
/// set cannot be converted, bytes outside printable ASCII are escaped as \xNN.
/// Writes at most `capacity` bytes including the terminating NUL and returns the
/// full length, or -1 when the attribute is absent or empty.
long lbx_dicom_string(lbx_dicom *file, uint16_t group, uint16_t element,
                      char *buffer, size_t capacity);

/// One numeric value (index into a multi-valued attribute) of a DS, IS, US, SS,
/// UL, SL, FL or FD attribute. Returns 1 when found, 0 otherwise.
int lbx_dicom_number(lbx_dicom *file, uint16_t group, uint16_t element,
                     unsigned long index, double *value);

/// The transfer syntax UID the file was stored with.
long lbx_dicom_transfer_syntax(lbx_dicom *file, char *buffer, size_t capacity);

/// 1 when the dataset has a Pixel Data attribute.
int lbx_dicom_has_pixels(lbx_dicom *file);

/// 1 when the file's transfer syntax can be decoded here; otherwise 0 and the
/// reason, e.g. "unsupported transfer syntax 1.2.840.10008.1.2.4.90 (JPEG 2000)".
/// (DCMTK's own error for JPEG 2000 is a misleading "Missing attribute".)
int lbx_dicom_can_decode(lbx_dicom *file, lbx_error *error);

/// Decodes all frames into stored values, one 16-bit word per sample, masked to
/// BitsStored and, for signed data, sign-extended to 16 bits (read the words as
/// int16_t). `count` must equal rows * columns * frames (one sample per pixel).
/// Compressed syntaxes are decompressed with DCMTK's codecs; ones they cannot
/// decode (JPEG 2000, video) are reported by name. Returns 1 on success.
int lbx_dicom_decode_pixels(lbx_dicom *file, uint16_t *out, size_t count, lbx_error *error);

/// For a DICOMDIR: the files it references, as paths relative to the DICOMDIR's
/// folder, separated by '\n'. Same length convention as lbx_dicom_string.
long lbx_dicomdir_referenced_files(lbx_dicom *file, char *buffer, size_t capacity);

// MARK: - Writing

typedef struct lbx_dicom_writer lbx_dicom_writer;

typedef enum lbx_transfer_syntax {
    LBX_EXPLICIT_LITTLE_ENDIAN = 0,
    LBX_IMPLICIT_LITTLE_ENDIAN = 1,
    LBX_EXPLICIT_BIG_ENDIAN = 2,
    LBX_DEFLATED_LITTLE_ENDIAN = 3,
} lbx_transfer_syntax;

lbx_dicom_writer *lbx_writer_create(void);
void lbx_writer_free(lbx_dicom_writer *writer);

/// Sets an attribute from its string form; the VR comes from DCMTK's dictionary.
int lbx_writer_put_string(lbx_dicom_writer *writer, uint16_t group, uint16_t element,
                          const char *value, lbx_error *error);
/// Sets a US attribute.
int lbx_writer_put_uint16(lbx_dicom_writer *writer, uint16_t group, uint16_t element,
                          uint16_t value, lbx_error *error);
/// Sets Pixel Data: 16-bit words (OW) when bits_allocated is 16, bytes (OB) when 8.
int lbx_writer_put_pixels(lbx_dicom_writer *writer, const void *data, size_t sample_count,
                          int bits_allocated, lbx_error *error);
/// Writes a Part 10 file. Strings are given in UTF-8; when `character_set` is
/// not NULL (a DICOM defined term such as "ISO_IR 100" or "GB18030") they are
/// converted to it and SpecificCharacterSet is set accordingly.
int lbx_writer_save(lbx_dicom_writer *writer, const char *path, lbx_transfer_syntax syntax,
                    const char *character_set, lbx_error *error);

/// A fresh, globally unique UID under DCMTK's site root.
void lbx_generate_uid(char buffer[65]);

#ifdef __cplusplus
}
#endif
#endif
