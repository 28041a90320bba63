namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// One attention call, as raw pointers into pinned spans plus the sizes and strides the tile kernel needs. Lives on the
/// caller's stack while <see cref="ParallelTiles.Run"/> runs.
/// </summary>
internal unsafe struct AttentionJob
{
    public float* Query;
    public float* Key;
    public float* Value;
    public float* Output;
    public float* Mask;           // null when there is no mask
    public int Batch;
    public int QueryHeads;
    public int KeyValueHeads;
    public int QueryLength;
    public int KeyLength;
    public int HeadDimension;
    public long KeyValueHeadStride;  // elements from one key/value head to the next (Lk·D, or capacity·D in a cache)
    public long MaskBatchStride;     // 0 for an [Lq, Lk] mask, Lq·Lk for [B, 1, Lq, Lk]
    public float Scale;
    public bool IsCausal;
    public int HeadsPerTile;         // query heads of a group that share a tile (all of them, up to 64)
    public int HeadChunks;           // tiles across a group's heads (1 unless G > 64)
    public int RowsPerHead;          // query rows of one head in a tile
    public int QueryTiles;           // tiles along the query length, per (batch, key/value head)

    public readonly int GroupSize => QueryHeads / KeyValueHeads;

    public readonly int TileCount => Batch * KeyValueHeads * HeadChunks * QueryTiles;
}
