namespace Bedrock.Foundations.Tests.Common;

/// <summary>
/// CRC-32 as PNG and zlib's gzip use it (ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320, initial value and final
/// XOR 0xFFFFFFFF), table-driven. Enough for checking and writing PNG chunk CRCs in tests.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0u, data);

    /// <summary>Continues <paramref name="crc"/> (a CRC already returned for earlier bytes) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        foreach (byte b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
