//! Growable storage without per-cell allocations: vectors and text arenas in fixed-size chunks
//! (so growth never copies everything and wastes at most one chunk), and bitmaps.

/// Rows per chunk.
pub(crate) const CHUNK_BITS: u32 = 16;
pub(crate) const CHUNK: usize = 1 << CHUNK_BITS;
const MASK: usize = CHUNK - 1;

/// A vector stored as chunks of [`CHUNK`] elements. The first chunk grows as a `Vec` does (small
/// results stay small); later ones are allocated at their full size.
#[derive(Debug, Clone)]
pub(crate) struct ChunkedVec<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T: Copy> ChunkedVec<T> {
    pub(crate) fn new() -> Self {
        ChunkedVec {
            chunks: Vec::new(),
            len: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, v: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(v),
            _ => {
                let mut c = if self.chunks.is_empty() {
                    Vec::new()
                } else {
                    Vec::with_capacity(CHUNK)
                };
                c.push(v);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> T {
        self.chunks[i >> CHUNK_BITS][i & MASK]
    }

    #[inline]
    pub(crate) fn set(&mut self, i: usize, v: T) {
        self.chunks[i >> CHUNK_BITS][i & MASK] = v;
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<Vec<T>>()
            + self
                .chunks
                .iter()
                .map(|c| c.capacity() * std::mem::size_of::<T>())
                .sum::<usize>()
    }
}

/// A growable bit per row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bitmap {
    words: Vec<u64>,
    len: usize,
}

impl Bitmap {
    pub(crate) fn push(&mut self, bit: bool) {
        if self.len.is_multiple_of(64) {
            self.words.push(0);
        }
        if bit {
            self.words[self.len / 64] |= 1 << (self.len % 64);
        }
        self.len += 1;
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub(crate) fn set(&mut self, i: usize, bit: bool) {
        if bit {
            self.words[i / 64] |= 1 << (i % 64);
        } else {
            self.words[i / 64] &= !(1 << (i % 64));
        }
    }

    /// Positions of the set bits from `from` on, in order.
    pub(crate) fn ones_from(&self, from: usize) -> impl Iterator<Item = usize> + '_ {
        let first = from / 64;
        self.words
            .iter()
            .enumerate()
            .skip(first)
            .flat_map(move |(w, &word)| {
                let mut word = if w == first {
                    word & (!0u64 << (from % 64))
                } else {
                    word
                };
                std::iter::from_fn(move || {
                    if word == 0 {
                        return None;
                    }
                    let b = word.trailing_zeros() as usize;
                    word &= word - 1;
                    Some(w * 64 + b)
                })
            })
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.words.capacity() * 8
    }
}

/// One chunk of a text arena: the bytes of up to [`CHUNK`] cells and each cell's end offset.
#[derive(Debug, Clone, Default)]
struct TextChunk {
    bytes: Vec<u8>,
    ends: Vec<u32>,
}

/// Variable-length cells packed into one byte buffer per chunk, with a u32 end offset per cell.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextArena {
    chunks: Vec<TextChunk>,
}

impl TextArena {
    /// Whether `extra` more bytes fit in the current chunk (its offsets are u32).
    pub(crate) fn fits(&self, extra: usize) -> bool {
        match self.chunks.last() {
            Some(c) if c.ends.len() < CHUNK => c.bytes.len() + extra <= u32::MAX as usize,
            _ => extra <= u32::MAX as usize,
        }
    }

    /// Appends a cell; the caller checked [`TextArena::fits`].
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        if self.chunks.last().is_none_or(|c| c.ends.len() == CHUNK) {
            if let Some(full) = self.chunks.last_mut() {
                full.bytes.shrink_to_fit();
            }
            let ends = if self.chunks.is_empty() {
                Vec::new()
            } else {
                Vec::with_capacity(CHUNK)
            };
            self.chunks.push(TextChunk {
                bytes: Vec::new(),
                ends,
            });
        }
        if let Some(c) = self.chunks.last_mut() {
            c.bytes.extend_from_slice(bytes);
            c.ends.push(c.bytes.len() as u32);
        }
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let c = &self.chunks[i >> CHUNK_BITS];
        let j = i & MASK;
        let start = if j == 0 { 0 } else { c.ends[j - 1] as usize };
        &c.bytes[start..c.ends[j] as usize]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<TextChunk>()
            + self
                .chunks
                .iter()
                .map(|c| c.bytes.capacity() + c.ends.capacity() * 4)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_vec_crosses_chunks() {
        let mut v = ChunkedVec::new();
        for i in 0..(CHUNK as u32 * 2 + 3) {
            v.push(i);
        }
        assert_eq!(v.len(), CHUNK * 2 + 3);
        assert_eq!(v.get(CHUNK - 1), CHUNK as u32 - 1);
        assert_eq!(v.get(CHUNK), CHUNK as u32);
        v.set(CHUNK + 1, 7);
        assert_eq!(v.get(CHUNK + 1), 7);
        // Sealed chunks hold exactly CHUNK elements.
        assert!(v.heap_bytes() < (CHUNK * 3 + CHUNK) * 4);
    }

    #[test]
    fn bitmap_lists_set_bits() {
        let mut b = Bitmap::default();
        for i in 0..200 {
            b.push(i % 3 == 0);
        }
        b.set(3, false);
        b.set(4, true);
        assert!(b.get(0) && !b.get(3) && b.get(4));
        let ones: Vec<usize> = b.ones_from(60).take(4).collect();
        assert_eq!(ones, vec![60, 63, 66, 69]);
        assert_eq!(b.ones_from(0).take(3).collect::<Vec<_>>(), vec![0, 4, 6]);
        assert_eq!(b.ones_from(198).count(), 1);
        assert_eq!(b.ones_from(199).count(), 0);
        assert_eq!(b.ones_from(200).count(), 0);
    }

    #[test]
    fn arena_keeps_cells_apart() {
        let mut a = TextArena::default();
        for i in 0..(CHUNK + 5) {
            assert!(a.fits(4));
            if i % 7 == 0 {
                a.push(b"");
            } else {
                a.push(format!("c{i}").as_bytes());
            }
        }
        assert_eq!(a.get(0), b"");
        assert_eq!(a.get(1), b"c1");
        assert_eq!(a.get(CHUNK - 1), format!("c{}", CHUNK - 1).as_bytes());
        assert_eq!(a.get(CHUNK + 1), format!("c{}", CHUNK + 1).as_bytes());
        assert!(!a.fits(u32::MAX as usize + 1));
    }
}
