using Bedrock.Foundations.Aws.EventStreams;
using FsCheck;
using FsCheck.Fluent;
using static Bedrock.Foundations.Tests.Aws.EventStreams.EventStreamWire;

namespace Bedrock.Foundations.Tests.Aws.EventStreams;

/// <summary>FsCheck properties of the codec, with a fixed replay seed (deterministic).</summary>
[TestFixture]
public sealed class EventStreamPropertyTests
{
    private const string Replay = "20261125,7";

    private static Gen<EventStreamHeaderValue> Values() =>
        Gen.OneOf(
            Gen.Elements(true, false).Select(EventStreamHeaderValue.FromBoolean),
            ArbMap.Default.GeneratorFor<sbyte>().Select(EventStreamHeaderValue.FromByte),
            ArbMap.Default.GeneratorFor<short>().Select(EventStreamHeaderValue.FromInt16),
            ArbMap.Default.GeneratorFor<int>().Select(EventStreamHeaderValue.FromInt32),
            ArbMap.Default.GeneratorFor<long>().Select(EventStreamHeaderValue.FromInt64),
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Select(b => EventStreamHeaderValue.FromByteArray(b)),
            Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements('a', 'Z', '0', ' ', 'é', '世'), n)).Select(c => EventStreamHeaderValue.FromString(new string(c))),
            Gen.Choose(int.MinValue, int.MaxValue).Select(ms => EventStreamHeaderValue.FromTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(ms * 1_000L))),
            Gen.Choose(0, int.MaxValue).Select(seed => EventStreamHeaderValue.FromUuid(new Guid(RandomBytes(seed, 16)))));

    private static Gen<EventStreamMessage> Messages() =>
        from count in Gen.Choose(0, 6)
        from names in Gen.ArrayOf(Gen.Elements(":event-type", ":message-type", "x", "long-header-name-" + new string('n', 200), "é"), count)
        from values in Gen.ArrayOf(Values(), count)
        from payloadLength in Gen.Frequency((3, Gen.Choose(0, 64)), (1, Gen.Choose(0, 5_000)))
        from seed in Gen.Choose(0, int.MaxValue)
        select new EventStreamMessage(names.Zip(values, (n, v) => new EventStreamHeader(n, v)), RandomBytes(seed, payloadLength));

    private static Arbitrary<(EventStreamMessage[] Messages, int[] Cuts)> StreamsAndCuts() =>
        (from messages in Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Messages(), n))
         from cutCount in Gen.Choose(0, 20)
         from cuts in Gen.ArrayOf(Gen.Choose(0, 10_000), cutCount)
         select (messages, cuts)).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property RandomSplits_DecodeIdentically() =>
        Prop.ForAll(StreamsAndCuts(), c =>
        {
            byte[] bytes = Concat(c.Messages);
            int[] points = [.. c.Cuts.Select(x => x % (bytes.Length + 1)).Order()];
            int[] pieces = [.. points.Select((p, i) => p - (i == 0 ? 0 : points[i - 1]))];

            string[] decoded = Describe(DecodeInPieces(bytes, pieces));

            return decoded.SequenceEqual(Describe(c.Messages)).Label($"{bytes.Length} bytes cut at [{string.Join(", ", points)}]");
        });

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property EncodedLength_IsTheEncodingLength_AndDecodingRestoresTheMessage() =>
        Prop.ForAll(Messages().ToArbitrary(), m =>
        {
            byte[] bytes = EventStreamEncoder.Encode(m);
            EventStreamMessage decoded = DecodeInPieces(bytes, []).Single();
            return (bytes.Length == EventStreamEncoder.GetEncodedLength(m) && Describe(decoded) == Describe(m)
                    && decoded.Headers.Zip(m.Headers).All(p => p.First.Value == p.Second.Value))
                .Label(Describe(m));
        });

    [FsCheck.NUnit.Property(MaxTest = 200, Replay = Replay)]
    public Property AnySingleBitFlip_IsDetected_NeverAWrongMessage() =>
        Prop.ForAll(Messages().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (m, position) =>
        {
            byte[] bytes = EventStreamEncoder.Encode(m);
            int bit = position % (bytes.Length * 8);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                DecodeInPieces(bytes, []);
                return false.Label($"bit {bit} of {bytes.Length * 8} was not detected");
            }
            catch (EventStreamFormatException e)
            {
                string expected = bit < 96 ? "Prelude checksum mismatch" : "Message checksum mismatch";
                return e.Message.StartsWith(expected, StringComparison.Ordinal).Label($"bit {bit}: {e.Message}");
            }
        });

    private static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
