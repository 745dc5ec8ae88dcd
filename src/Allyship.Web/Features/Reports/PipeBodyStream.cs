using System.Buffers;
using System.IO.Pipelines;

namespace Allyship.Web.Features.Reports;

/// <summary>
/// The response body for writers that mix asynchronous writes with a few synchronous ones (the zip archive inside an
/// XLSX writes its closing directory synchronously). Synchronous writes only copy into the response pipe's memory; every
/// asynchronous write also flushes, so the export still streams and no thread ever blocks on the network.
/// </summary>
public sealed class PipeBodyStream(PipeWriter pipe) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => pipe.Write(buffer);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        pipe.Write(buffer.Span);
        await pipe.FlushAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        // Nothing to do synchronously: the next asynchronous write or FlushAsync sends what is buffered.
    }

    public override async Task FlushAsync(CancellationToken cancellationToken) => await pipe.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
