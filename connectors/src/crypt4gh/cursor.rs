//! Stream views of a [`Crypt4ghReader`]: `std::io::Read + Seek`, and tokio's `AsyncRead +
//! AsyncSeek` for readers such as noodles' async indexed ones.

use std::io::{Read, Seek, SeekFrom};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::Crypt4ghReader;

/// A position over a shared reader (cheap to create per partition).
#[derive(Debug, Clone)]
pub struct Crypt4ghCursor {
    reader: Arc<Crypt4ghReader>,
    pos: u64,
}

impl Crypt4ghCursor {
    pub fn new(reader: Arc<Crypt4ghReader>) -> Self {
        Self { reader, pos: 0 }
    }
}

fn seek_to(len: u64, current: u64, to: SeekFrom) -> std::io::Result<u64> {
    let target = match to {
        SeekFrom::Start(p) => Some(p),
        SeekFrom::End(d) => len.checked_add_signed(d),
        SeekFrom::Current(d) => current.checked_add_signed(d),
    };
    target.ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "seek before the start of the decrypted data",
        )
    })
}

impl Read for Crypt4ghCursor {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.reader.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Crypt4ghCursor {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = seek_to(self.reader.len(), self.pos, to)?;
        Ok(self.pos)
    }
}

/// The async counterpart of [`Crypt4ghCursor`]. Each poll decrypts at most the segments
/// of one read synchronously (about 50 µs per 64 KiB segment here), which is cheaper than
/// handing the work to a blocking thread.
#[derive(Debug, Clone)]
pub struct AsyncCrypt4ghCursor {
    inner: Crypt4ghCursor,
    seek: Option<u64>,
}

impl AsyncCrypt4ghCursor {
    pub fn new(reader: Arc<Crypt4ghReader>) -> Self {
        Self {
            inner: Crypt4ghCursor::new(reader),
            seek: None,
        }
    }
}

impl tokio::io::AsyncRead for AsyncCrypt4ghCursor {
    fn poll_read(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        // At most four segments of work per poll, so one read cannot hog a worker.
        let unfilled = buf.initialize_unfilled();
        let take = unfilled.len().min(4 * super::SEGMENT_SIZE);
        let n = this.inner.read(&mut unfilled[..take])?;
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl tokio::io::AsyncSeek for AsyncCrypt4ghCursor {
    fn start_seek(self: Pin<&mut Self>, position: SeekFrom) -> std::io::Result<()> {
        let this = self.get_mut();
        this.seek = Some(seek_to(this.inner.reader.len(), this.inner.pos, position)?);
        Ok(())
    }

    fn poll_complete(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<u64>> {
        let this = self.get_mut();
        if let Some(p) = this.seek.take() {
            this.inner.pos = p;
        }
        Poll::Ready(Ok(this.inner.pos))
    }
}
