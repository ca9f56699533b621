// The only C++ in Lightbox: DCMTK behind the C API of lightbox_dcmtk.h.
#include "lightbox_dcmtk.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcspchrs.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

struct lbx_dicom {
    DcmFileFormat file;
    DcmSpecificCharacterSet converter;
    bool converterReady = false;
};

struct lbx_dicom_writer {
    DcmFileFormat file;
};

namespace {

void setError(lbx_error *error, const std::string &message) {
    if (error == nullptr) return;
    std::snprintf(error->message, sizeof(error->message), "%s", message.c_str());
}

long copyOut(const std::string &value, char *buffer, size_t capacity) {
    if (buffer != nullptr && capacity > 0) {
        size_t n = value.size() < capacity - 1 ? value.size() : capacity - 1;
        std::memcpy(buffer, value.data(), n);
        buffer[n] = '\0';
    }
    return static_cast<long>(value.size());
}

/// When a character set cannot be converted (glibc's iconv has no ISO 2022
/// IR 87, for example) the text is still shown, with non-ASCII bytes escaped.
std::string escapedBytes(const OFString &raw) {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(raw[i]);
        if (c >= 0x20 && c < 0x7f) {
            out.push_back(static_cast<char>(c));
        } else {
            char hex[8];
            std::snprintf(hex, sizeof(hex), "\\x%02X", c);
            out += hex;
        }
    }
    return out;
}

bool isJPEG2000(E_TransferSyntax xfer) {
    return xfer == EXS_JPEG2000LosslessOnly || xfer == EXS_JPEG2000 ||
           xfer == EXS_JPEG2000MulticomponentLosslessOnly || xfer == EXS_JPEG2000Multicomponent;
}

/// The encapsulated syntaxes that the free DCMTK codecs registered here decode.
bool isDecodable(E_TransferSyntax xfer) {
    switch (xfer) {
    case EXS_JPEGProcess1: case EXS_JPEGProcess2_4: case EXS_JPEGProcess14:
    case EXS_JPEGProcess14SV1: case EXS_JPEGLSLossless: case EXS_JPEGLSLossy:
    case EXS_RLELossless:
        return true;
    default:
        return !DcmXfer(xfer).isEncapsulated();
    }
}

E_TransferSyntax toDcmtk(lbx_transfer_syntax syntax) {
    switch (syntax) {
    case LBX_IMPLICIT_LITTLE_ENDIAN: return EXS_LittleEndianImplicit;
    case LBX_EXPLICIT_BIG_ENDIAN: return EXS_BigEndianExplicit;
    case LBX_DEFLATED_LITTLE_ENDIAN: return EXS_DeflatedLittleEndianExplicit;
    case LBX_EXPLICIT_LITTLE_ENDIAN: default: return EXS_LittleEndianExplicit;
    }
}

} // namespace

extern "C" {

void lbx_dcmtk_initialize(void) {
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::OFF_LOG_LEVEL);
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

lbx_dicom *lbx_dicom_open(const char *path, lbx_error *error) {
    lbx_dcmtk_initialize();
    auto *file = new lbx_dicom();
    // Values above 4 KiB (pixel data) stay on disk until asked for.
    OFCondition status = file->file.loadFile(path, EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (status.bad()) {
        setError(error, status.text());
        delete file;
        return nullptr;
    }
    DcmDataset *dataset = file->file.getDataset();
    file->converterReady = file->converter.selectCharacterSet(*dataset).good();
    return file;
}

void lbx_dicom_close(lbx_dicom *file) { delete file; }

long lbx_dicom_string(lbx_dicom *file, uint16_t group, uint16_t element, char *buffer, size_t capacity) {
    OFString raw;
    DcmDataset *dataset = file->file.getDataset();
    if (dataset->findAndGetOFStringArray(DcmTagKey(group, element), raw).bad() || raw.empty()) return -1;
    bool ascii = true;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (static_cast<unsigned char>(raw[i]) >= 0x80 || raw[i] == 0x1b) { ascii = false; break; }
    }
    if (ascii) return copyOut(std::string(raw.c_str(), raw.size()), buffer, capacity);
    OFString converted;
    // PN components are delimited by ^ and =, values by \: each part may switch character set.
    if (file->converterReady && file->converter.convertString(raw, converted, "\\^=").good()) {
        return copyOut(std::string(converted.c_str(), converted.size()), buffer, capacity);
    }
    return copyOut(escapedBytes(raw), buffer, capacity);
}

int lbx_dicom_number(lbx_dicom *file, uint16_t group, uint16_t element, unsigned long index, double *value) {
    DcmElement *item = nullptr;
    if (file->file.getDataset()->findAndGetElement(DcmTagKey(group, element), item).bad() || item == nullptr) return 0;
    switch (item->ident()) {
    case EVR_US: { Uint16 v; if (item->getUint16(v, index).bad()) return 0; *value = v; return 1; }
    case EVR_SS: { Sint16 v; if (item->getSint16(v, index).bad()) return 0; *value = v; return 1; }
    case EVR_UL: { Uint32 v; if (item->getUint32(v, index).bad()) return 0; *value = v; return 1; }
    case EVR_SL: { Sint32 v; if (item->getSint32(v, index).bad()) return 0; *value = v; return 1; }
    case EVR_FL: { Float32 v; if (item->getFloat32(v, index).bad()) return 0; *value = v; return 1; }
    case EVR_FD: { Float64 v; if (item->getFloat64(v, index).bad()) return 0; *value = v; return 1; }
    default: {
        // DS and IS are text; parse them with the C locale's rules, exactly.
        OFString text;
        if (item->getOFString(text, index).bad()) return 0;
        char *end = nullptr;
        double parsed = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) return 0;
        *value = parsed;
        return 1;
    }
    }
}

long lbx_dicom_transfer_syntax(lbx_dicom *file, char *buffer, size_t capacity) {
    OFString uid;
    if (file->file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, uid).good() && !uid.empty()) {
        return copyOut(std::string(uid.c_str()), buffer, capacity);
    }
    DcmXfer xfer(file->file.getDataset()->getOriginalXfer());
    return copyOut(std::string(xfer.getXferID()), buffer, capacity);
}

int lbx_dicom_has_pixels(lbx_dicom *file) {
    return file->file.getDataset()->tagExists(DCM_PixelData) ? 1 : 0;
}

int lbx_dicom_can_decode(lbx_dicom *file, lbx_error *error) {
    E_TransferSyntax original = file->file.getDataset()->getOriginalXfer();
    if (isDecodable(original)) return 1;
    DcmXfer xfer(original);
    std::string name = isJPEG2000(original) ? "JPEG 2000" : xfer.getXferName();
    setError(error, std::string("unsupported transfer syntax ") + xfer.getXferID() + " (" + name + ")");
    return 0;
}

int lbx_dicom_decode_pixels(lbx_dicom *file, uint16_t *out, size_t count, lbx_error *error) {
    if (!lbx_dicom_can_decode(file, error)) return 0;
    DcmDataset *dataset = file->file.getDataset();
    DcmXfer xfer(dataset->getOriginalXfer());
    Uint16 bitsAllocated = 0, bitsStored = 0, pixelRepresentation = 0, samples = 1;
    dataset->findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
    dataset->findAndGetUint16(DCM_BitsStored, bitsStored);
    dataset->findAndGetUint16(DCM_PixelRepresentation, pixelRepresentation);
    dataset->findAndGetUint16(DCM_SamplesPerPixel, samples);
    if (samples != 1) { setError(error, "expected one sample per pixel, found " + std::to_string(samples)); return 0; }
    if (bitsAllocated != 8 && bitsAllocated != 16) {
        setError(error, "unsupported BitsAllocated " + std::to_string(bitsAllocated) + " (expected 8 or 16)");
        return 0;
    }
    if (bitsStored == 0 || bitsStored > bitsAllocated) bitsStored = bitsAllocated;

    if (xfer.isEncapsulated()) {
        OFCondition status = dataset->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
        if (status.bad() || !dataset->canWriteXfer(EXS_LittleEndianExplicit)) {
            setError(error, std::string("cannot decompress ") + xfer.getXferName() + ": " + status.text());
            return 0;
        }
    }
    DcmElement *pixels = nullptr;
    if (dataset->findAndGetElement(DCM_PixelData, pixels).bad() || pixels == nullptr) {
        setError(error, "no pixel data");
        return 0;
    }
    size_t available = 0;
    const Uint8 *bytes = nullptr;
    const Uint16 *words = nullptr;
    OFCondition status;
    if (bitsAllocated == 16) {
        Uint16 *data = nullptr;
        status = pixels->getUint16Array(data);
        words = data;
        available = pixels->getLength() / 2;
    } else {
        Uint8 *data = nullptr;
        status = pixels->getUint8Array(data);
        bytes = data;
        available = pixels->getLength();
    }
    if (status.bad() || (words == nullptr && bytes == nullptr)) {
        setError(error, std::string("cannot read pixel data: ") + status.text());
        return 0;
    }
    if (available < count) {
        setError(error, "pixel data truncated: " + std::to_string(count) + " samples expected, " +
                            std::to_string(available) + " present");
        return 0;
    }
    const uint32_t mask = bitsStored >= 16 ? 0xffffu : ((1u << bitsStored) - 1u);
    const uint32_t signBit = 1u << (bitsStored - 1);
    for (size_t i = 0; i < count; ++i) {
        uint32_t v = (words != nullptr ? words[i] : bytes[i]) & mask;
        if (pixelRepresentation == 1 && (v & signBit) != 0) v |= ~mask; // sign-extend
        out[i] = static_cast<uint16_t>(v);
    }
    return 1;
}

long lbx_dicomdir_referenced_files(lbx_dicom *file, char *buffer, size_t capacity) {
    DcmSequenceOfItems *records = nullptr;
    if (file->file.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || records == nullptr)
        return -1;
    std::string list;
    for (unsigned long i = 0; i < records->card(); ++i) {
        OFString reference;
        if (records->getItem(i)->findAndGetOFStringArray(DCM_ReferencedFileID, reference).bad() || reference.empty())
            continue;
        std::string path(reference.c_str());
        for (char &c : path) if (c == '\\') c = '/';
        if (!list.empty()) list.push_back('\n');
        list += path;
    }
    return copyOut(list, buffer, capacity);
}

lbx_dicom_writer *lbx_writer_create(void) {
    lbx_dcmtk_initialize();
    return new lbx_dicom_writer();
}

void lbx_writer_free(lbx_dicom_writer *writer) { delete writer; }

int lbx_writer_put_string(lbx_dicom_writer *writer, uint16_t group, uint16_t element, const char *value,
                          lbx_error *error) {
    OFCondition status = writer->file.getDataset()->putAndInsertString(DcmTagKey(group, element), value);
    if (status.bad()) {
        char tag[32];
        std::snprintf(tag, sizeof(tag), "(%04X,%04X)", group, element);
        setError(error, std::string("cannot set ") + tag + ": " + status.text());
        return 0;
    }
    return 1;
}

int lbx_writer_put_uint16(lbx_dicom_writer *writer, uint16_t group, uint16_t element, uint16_t value,
                          lbx_error *error) {
    OFCondition status = writer->file.getDataset()->putAndInsertUint16(DcmTagKey(group, element), value);
    if (status.bad()) { setError(error, std::string("cannot set a US value: ") + status.text()); return 0; }
    return 1;
}

int lbx_writer_put_pixels(lbx_dicom_writer *writer, const void *data, size_t sample_count, int bits_allocated,
                          lbx_error *error) {
    DcmDataset *dataset = writer->file.getDataset();
    OFCondition status;
    if (bits_allocated == 16) {
        status = dataset->putAndInsertUint16Array(DCM_PixelData, static_cast<const Uint16 *>(data),
                                                  static_cast<unsigned long>(sample_count));
    } else if (bits_allocated == 8) {
        status = dataset->putAndInsertUint8Array(DCM_PixelData, static_cast<const Uint8 *>(data),
                                                 static_cast<unsigned long>(sample_count));
    } else {
        setError(error, "BitsAllocated must be 8 or 16");
        return 0;
    }
    if (status.bad()) { setError(error, std::string("cannot set pixel data: ") + status.text()); return 0; }
    return 1;
}

int lbx_writer_save(lbx_dicom_writer *writer, const char *path, lbx_transfer_syntax syntax,
                    const char *character_set, lbx_error *error) {
    DcmDataset *dataset = writer->file.getDataset();
    if (character_set != nullptr) {
        OFCondition converted = dataset->convertCharacterSet("ISO_IR 192", character_set, 0, OFTrue);
        if (converted.bad()) {
            setError(error, std::string("cannot convert to ") + character_set + ": " + converted.text());
            return 0;
        }
    }
    OFCondition status = writer->file.saveFile(path, toDcmtk(syntax), EET_ExplicitLength, EGL_recalcGL);
    if (status.bad()) { setError(error, std::string("cannot write ") + path + ": " + status.text()); return 0; }
    return 1;
}

void lbx_generate_uid(char buffer[65]) {
    dcmGenerateUniqueIdentifier(buffer, SITE_INSTANCE_UID_ROOT);
}

} // extern "C"
