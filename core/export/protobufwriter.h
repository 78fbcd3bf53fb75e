#pragma once

#include <QByteArray>

#include <cstdint>
#include <string>
#include <vector>

namespace deepterra {

// The protocol buffers wire format, enough to write ONNX files without the protobuf library:
// varints, length-delimited fields (strings, bytes, nested messages) and packed repeated fields.
class ProtobufWriter
{
public:
    void varint(int field, std::uint64_t value);
    void signedVarint(int field, std::int64_t value) { varint(field, std::uint64_t(value)); } // int32/int64
    void fixed32Float(int field, float value);
    void bytes(int field, const QByteArray &value);
    void string(int field, const std::string &value) { bytes(field, QByteArray::fromStdString(value)); }
    void message(int field, const ProtobufWriter &nested) { bytes(field, nested.data()); }
    void packedVarints(int field, const std::vector<std::int64_t> &values);
    // Concatenates fields already written: how repeated messages built elsewhere join a message.
    void append(const ProtobufWriter &fields) { m_data.append(fields.m_data); }

    const QByteArray &data() const { return m_data; }

private:
    void tag(int field, int wireType);
    void rawVarint(std::uint64_t value);
    QByteArray m_data;
};

} // namespace deepterra
