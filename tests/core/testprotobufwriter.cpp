#include "export/protobufwriter.h"

#include <QtTest>

using namespace deepterra;

class TestProtobufWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void varintsFollowTheSpecification();
    void negativeInt64IsTenBytes();
    void floatsAreLittleEndianFixed32();
    void nestedMessagesAreLengthDelimited();
};

// Expected bytes from https://protobuf.dev/programming-guides/encoding/: field 1 = 150 is
// 08 96 01; the tag is (field << 3) | wire type.
void TestProtobufWriter::varintsFollowTheSpecification()
{
    ProtobufWriter w;
    w.varint(1, 150);
    QCOMPARE(w.data().toHex(), QByteArray("089601"));
    ProtobufWriter big;
    big.varint(20, 1); // tag 20 << 3 = 160 needs two bytes: a0 01
    QCOMPARE(big.data().toHex(), QByteArray("a00101"));
}

void TestProtobufWriter::negativeInt64IsTenBytes()
{
    // int64 -1 is the two's complement 0xffff...: nine 0xff and a final 0x01 (protobuf encoding guide).
    ProtobufWriter w;
    w.signedVarint(3, -1);
    QCOMPARE(w.data().toHex(), QByteArray("18ffffffffffffffffff01"));
}

void TestProtobufWriter::floatsAreLittleEndianFixed32()
{
    // 1.0f is 0x3f800000; wire type 5 on field 2 gives tag 0x15.
    ProtobufWriter w;
    w.fixed32Float(2, 1.0f);
    QCOMPARE(w.data().toHex(), QByteArray("150000803f"));
}

void TestProtobufWriter::nestedMessagesAreLengthDelimited()
{
    ProtobufWriter inner;
    inner.string(1, "ab");
    ProtobufWriter outer;
    outer.message(7, inner); // tag 0x3a, length 4, then 0a 02 'a' 'b'
    QCOMPARE(outer.data().toHex(), QByteArray("3a040a026162"));
    ProtobufWriter packed;
    packed.packedVarints(1, { 3, 270 }); // 0a 03 03 8e 02 (guide's packed example)
    QCOMPARE(packed.data().toHex(), QByteArray("0a03038e02"));
}

QTEST_GUILESS_MAIN(TestProtobufWriter)
#include "testprotobufwriter.moc"
