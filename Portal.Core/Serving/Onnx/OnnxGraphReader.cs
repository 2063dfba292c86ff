using System.Text;

namespace Portal.Core.Serving.Onnx;

/// <summary>
/// Reads the nodes of an ONNX ModelProto straight from its protobuf wire format (model.graph.node with their
/// attributes), which ONNX Runtime does not expose: Portal needs a classifier's class labels to pick the positive
/// column, and a tree ensemble's node arrays to compile it. Field numbers are onnx.proto's; unknown fields are skipped.
/// </summary>
public static class OnnxGraphReader
{
    /// <summary>The graph's nodes in file order; throws <see cref="FormatException"/> when the bytes are not a ModelProto.</summary>
    public static IReadOnlyList<OnnxNode> Nodes(ReadOnlySpan<byte> model)
    {
        var nodes = new List<OnnxNode>();
        var reader = new Reader(model);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 7 && wire == 2) ReadGraph(reader.Bytes(), nodes);
            else reader.Skip(wire);
        }

        return nodes;
    }

    private static void ReadGraph(ReadOnlySpan<byte> graph, List<OnnxNode> nodes)
    {
        var reader = new Reader(graph);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) nodes.Add(ReadNode(reader.Bytes()));
            else reader.Skip(wire);
        }
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> node)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string opType = "", domain = "";
        var reader = new Reader(node);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): inputs.Add(reader.String()); break;
                case (2, 2): outputs.Add(reader.String()); break;
                case (4, 2): opType = reader.String(); break;
                case (5, 2):
                    var (name, value) = ReadAttribute(reader.Bytes());
                    attributes[name] = value;
                    break;
                case (7, 2): domain = reader.String(); break;
                default: reader.Skip(wire); break;
            }
        }

        return new OnnxNode(opType, domain, inputs, outputs, attributes);
    }

    private static (string Name, OnnxAttribute Value) ReadAttribute(ReadOnlySpan<byte> attribute)
    {
        var name = "";
        var value = new OnnxAttribute();
        var reader = new Reader(attribute);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): name = reader.String(); break;
                case (2, 5): value.F = reader.Fixed32(); break;
                case (3, 0): value.I = (long)reader.Varint(); break;
                case (4, 2): value.S = reader.String(); break;
                case (7, 5): value.Floats.Add(reader.Fixed32()); break;
                case (7, 2):
                    var packedFloats = new Reader(reader.Bytes());
                    while (!packedFloats.End) value.Floats.Add(packedFloats.Fixed32());
                    break;
                case (8, 0): value.Ints.Add((long)reader.Varint()); break;
                case (8, 2):
                    var packedInts = new Reader(reader.Bytes());
                    while (!packedInts.End) value.Ints.Add((long)packedInts.Varint());
                    break;
                case (9, 2): value.Strings.Add(reader.String()); break;
                default: reader.Skip(wire); break;
            }
        }

        return (name, value);
    }

    /// <summary>A cursor over protobuf wire format; any overrun is a <see cref="FormatException"/>.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly bool End => _at >= _data.Length;

        public bool Next(out int field, out int wire)
        {
            field = wire = 0;
            if (End) return false;
            var key = Varint();
            field = (int)(key >> 3);
            wire = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_at >= _data.Length) throw new FormatException("The ONNX file ends inside a number.");
                var b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }

            throw new FormatException("The ONNX file holds a malformed number.");
        }

        public float Fixed32() => BitConverter.Int32BitsToSingle(System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(Take(4)));

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Varint();
            if (length > (ulong)(_data.Length - _at)) throw new FormatException("The ONNX file ends inside a field.");
            return Take((int)length);
        }

        public string String() => Encoding.UTF8.GetString(Bytes());

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: Take(8); break;
                case 2: Bytes(); break;
                case 5: Take(4); break;
                default: throw new FormatException($"The ONNX file holds an unknown protobuf wire type {wire}.");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _data.Length - _at) throw new FormatException("The ONNX file ends inside a field.");
            var span = _data.Slice(_at, count);
            _at += count;
            return span;
        }
    }
}
