#include "support/NrrdReader.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <stdexcept>

namespace segloop::test {

namespace {

struct SampleType {
    size_t bytes;
    bool isSigned;
    bool isFloat;
};

SampleType sampleType(const std::string& name, const std::string& path) {
    static const std::map<std::string, SampleType> kTypes = {
        {"signed char", {1, true, false}},
        {"int8", {1, true, false}},
        {"int8_t", {1, true, false}},
        {"uchar", {1, false, false}},
        {"unsigned char", {1, false, false}},
        {"uint8", {1, false, false}},
        {"uint8_t", {1, false, false}},
        {"short", {2, true, false}},
        {"short int", {2, true, false}},
        {"signed short", {2, true, false}},
        {"int16", {2, true, false}},
        {"int16_t", {2, true, false}},
        {"ushort", {2, false, false}},
        {"unsigned short", {2, false, false}},
        {"uint16", {2, false, false}},
        {"uint16_t", {2, false, false}},
        {"int", {4, true, false}},
        {"signed int", {4, true, false}},
        {"int32", {4, true, false}},
        {"int32_t", {4, true, false}},
        {"uint", {4, false, false}},
        {"unsigned int", {4, false, false}},
        {"uint32", {4, false, false}},
        {"uint32_t", {4, false, false}},
        {"float", {4, true, true}},
        {"double", {8, true, true}},
    };
    const auto found = kTypes.find(name);
    if (found == kTypes.end()) {
        throw std::runtime_error(path + ": NRRD type \"" + name + "\" is not supported");
    }
    return found->second;
}

/// "(0.8,0,0) (0,0.8,0) (0,0,1)" or "(-235.2,-226.8,-128.69)" -> the numbers in order.
std::vector<double> numbersIn(const std::string& text) {
    std::string cleaned = text;
    for (char& c : cleaned) {
        if (c == '(' || c == ')' || c == ',') {
            c = ' ';
        }
    }
    std::istringstream stream(cleaned);
    stream.imbue(std::locale::classic());
    std::vector<double> numbers;
    double value = 0.0;
    while (stream >> value) {
        numbers.push_back(value);
    }
    return numbers;
}

std::string gunzip(const std::string& compressed, const std::string& path) {
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        throw std::runtime_error(path + ": cannot start gzip decoding");
    }
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    char buffer[1 << 16];
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END) {
        throw std::runtime_error(path + ": corrupt gzip data");
    }
    return out;
}

double sampleAt(const unsigned char* bytes, const SampleType& type, bool bigEndian) {
    unsigned char ordered[8];
    for (size_t b = 0; b < type.bytes; ++b) {
        ordered[b] = bytes[bigEndian ? type.bytes - 1 - b : b];  // to little endian
    }
    uint64_t raw = 0;
    for (size_t b = 0; b < type.bytes; ++b) {
        raw |= static_cast<uint64_t>(ordered[b]) << (8 * b);
    }
    if (type.isFloat) {
        if (type.bytes == 4) {
            const auto bits = static_cast<uint32_t>(raw);
            float value = 0.0f;
            std::memcpy(&value, &bits, sizeof value);
            return value;
        }
        double value = 0.0;
        std::memcpy(&value, &raw, sizeof value);
        return value;
    }
    if (type.isSigned && type.bytes < 8 && (raw >> (8 * type.bytes - 1)) != 0) {
        return static_cast<double>(static_cast<int64_t>(raw) -
                                   (static_cast<int64_t>(1) << (8 * type.bytes)));
    }
    return static_cast<double>(raw);
}

}  // namespace

NrrdImage readNrrd(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
    if (!file.good() && !file.eof()) {
        throw std::runtime_error(path + ": cannot read");
    }
    if (content.compare(0, 7, "NRRD000") != 0) {
        throw std::runtime_error(path + ": not a NRRD file");
    }
    const size_t headerEnd = content.find("\n\n");
    if (headerEnd == std::string::npos) {
        throw std::runtime_error(path + ": no end of header (detached data is not supported)");
    }
    std::map<std::string, std::string> fields;
    std::istringstream header(content.substr(0, headerEnd));
    std::string line;
    std::getline(header, line);  // magic
    while (std::getline(header, line)) {
        const size_t colon = line.find(": ");
        if (line.empty() || line[0] == '#' || colon == std::string::npos) {
            continue;  // comments and key:=value pairs
        }
        fields[line.substr(0, colon)] = line.substr(colon + 2);
    }
    if (fields["dimension"] != "3") {
        throw std::runtime_error(path + ": only 3D NRRD files are supported");
    }
    const SampleType type = sampleType(fields["type"], path);
    const std::vector<double> sizes = numbersIn(fields["sizes"]);
    const std::vector<double> directions = numbersIn(fields["space directions"]);
    const std::vector<double> origin = numbersIn(fields["space origin"]);
    const std::string space = fields["space"];
    if (sizes.size() != 3 || directions.size() != 9 || origin.size() != 3) {
        throw std::runtime_error(path + ": needs sizes, space directions and space origin");
    }
    double flip = 1.0;  // LPS x and y are RAS x and y negated.
    if (space == "right-anterior-superior" || space == "RAS") {
        flip = -1.0;
    } else if (space != "left-posterior-superior" && space != "LPS") {
        throw std::runtime_error(path + ": NRRD space \"" + space + "\" is not supported");
    }
    // Affine columns are the space directions (one vector per axis, spacing included).
    std::array<double, 16> affine{};
    for (int row = 0; row < 3; ++row) {
        const double sign = row < 2 ? flip : 1.0;
        for (int axis = 0; axis < 3; ++axis) {
            affine[row * 4 + axis] = sign * directions[static_cast<size_t>(axis * 3 + row)];
        }
        affine[row * 4 + 3] = sign * origin[static_cast<size_t>(row)];
    }
    affine[15] = 1.0;
    NrrdImage image;
    image.geometry = ImageGeometry::fromAffineLps(
        {static_cast<int64_t>(sizes[0]), static_cast<int64_t>(sizes[1]),
         static_cast<int64_t>(sizes[2])},
        affine);

    std::string data = content.substr(headerEnd + 2);
    const std::string encoding = fields["encoding"];
    if (encoding == "gzip" || encoding == "gz") {
        data = gunzip(data, path);
    } else if (encoding != "raw") {
        throw std::runtime_error(path + ": NRRD encoding \"" + encoding + "\" is not supported");
    }
    const size_t count = image.geometry.voxelCount();
    if (data.size() < count * type.bytes) {
        throw std::runtime_error(path + ": voxel data is truncated");
    }
    const bool bigEndian = fields["endian"] == "big";
    image.values.resize(count);
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    for (size_t i = 0; i < count; ++i) {
        image.values[i] = sampleAt(bytes + i * type.bytes, type, bigEndian);
    }
    return image;
}

}  // namespace segloop::test
