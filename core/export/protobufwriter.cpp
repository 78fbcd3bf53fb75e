#include "export/protobufwriter.h"

#include <cstring>

namespace deepterra {

namespace {
constexpr int kVarint = 0;
constexpr int kLengthDelimited = 2;
constexpr int kFixed32 = 5;
} // namespace

void ProtobufWriter::rawVarint(std::uint64_t value)
{
    while (value >= 0x80) {
        m_data.append(char((value & 0x7f) | 0x80));
        value >>= 7;
    }
    m_data.append(char(value));
}

void ProtobufWriter::tag(int field, int wireType)
{
    rawVarint((std::uint64_t(field) << 3) | std::uint64_t(wireType));
}

void ProtobufWriter::varint(int field, std::uint64_t value)
{
    tag(field, kVarint);
    rawVarint(value);
}

void ProtobufWriter::fixed32Float(int field, float value)
{
    tag(field, kFixed32);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (int i = 0; i < 4; ++i) // little-endian on the wire, whatever the machine
        m_data.append(char((bits >> (8 * i)) & 0xff));
}

void ProtobufWriter::bytes(int field, const QByteArray &value)
{
    tag(field, kLengthDelimited);
    rawVarint(std::uint64_t(value.size()));
    m_data.append(value);
}

void ProtobufWriter::packedVarints(int field, const std::vector<std::int64_t> &values)
{
    ProtobufWriter packed;
    for (std::int64_t v : values)
        packed.rawVarint(std::uint64_t(v));
    bytes(field, packed.m_data);
}

} // namespace deepterra
