package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"sort"
)

// sortedZip is the workbook's zip writer: it writes the parts in name
// order, whatever order excelize hands them over in. excelize writes its
// streamed sheets in map order, which changes from run to run; in name
// order, the same workbook is the same bytes, so an exported closed period
// can be checked (by hash, by a byte comparison) never to have changed.
//
// Each part is compressed as it arrives (deflate at its fastest level: on
// sheet XML it compresses nearly as well as the default in a third of the
// time) and kept, compressed, in memory; a part larger than spillAt goes
// to a temporary file instead, so a million-row sheet costs no more memory
// than before. Close writes them all, raw, in order.
type sortedZip struct {
	out     io.Writer
	parts   []*zipPart
	cur     *zipPart
	spool   *os.File // compressed parts too large for memory
	spoolAt int64    // its size
	fw      *flate.Writer
}

// spillAt is the compressed size above which a part goes to the spool file.
const spillAt = 4 << 20

type zipPart struct {
	name     string
	crc      hash.Hash32
	size     uint64       // uncompressed
	mem      bytes.Buffer // compressed, while in memory
	inSpool  bool
	off, len int64 // its compressed bytes in the spool file
}

func newSortedZip(out io.Writer) *sortedZip { return &sortedZip{out: out} }

// Create starts a part: the previous one is complete.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	p := &zipPart{name: name, crc: crc32.NewIEEE()}
	z.parts = append(z.parts, p)
	z.cur = p
	var err error
	if z.fw == nil {
		z.fw, err = flate.NewWriter(partSink{z}, flate.BestSpeed)
	} else {
		z.fw.Reset(partSink{z})
	}
	if err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return partWriter{z}, nil
}

// AddFS is not used by excelize's writer of a new workbook.
func (z *sortedZip) AddFS(fs.FS) error {
	return fmt.Errorf("write workbook: adding a file system to the zip is not supported")
}

// partWriter takes a part's uncompressed bytes.
type partWriter struct{ z *sortedZip }

func (w partWriter) Write(b []byte) (int, error) {
	p := w.z.cur
	p.crc.Write(b)
	p.size += uint64(len(b))
	return w.z.fw.Write(b)
}

// partSink takes a part's compressed bytes: into memory, or once the part
// is large, into the spool file.
type partSink struct{ z *sortedZip }

func (s partSink) Write(b []byte) (int, error) {
	z, p := s.z, s.z.cur
	if !p.inSpool && p.mem.Len()+len(b) <= spillAt {
		return p.mem.Write(b)
	}
	if !p.inSpool {
		if z.spool == nil {
			f, err := os.CreateTemp("", "payouts-export-*.zip-part")
			if err != nil {
				return 0, err
			}
			z.spool = f
		}
		p.inSpool, p.off = true, z.spoolAt
		n, err := z.spool.Write(p.mem.Bytes())
		z.spoolAt += int64(n)
		p.len += int64(n)
		p.mem = bytes.Buffer{}
		if err != nil {
			return 0, err
		}
	}
	n, err := z.spool.Write(b)
	z.spoolAt += int64(n)
	p.len += int64(n)
	return n, err
}

// finish completes the current part's compression.
func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	err := z.fw.Close() // flushes the last compressed bytes into z.cur
	z.cur = nil
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// Close writes the parts in name order and the zip's directory.
func (z *sortedZip) Close() error {
	defer z.removeSpool()
	if err := z.finish(); err != nil {
		return err
	}
	sort.SliceStable(z.parts, func(i, j int) bool { return z.parts[i].name < z.parts[j].name })
	zw := zip.NewWriter(z.out)
	for _, p := range z.parts {
		var src io.Reader = &p.mem
		size := int64(p.mem.Len())
		if p.inSpool {
			src, size = io.NewSectionReader(z.spool, p.off, p.len), p.len
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.crc.Sum32(),
			CompressedSize64: uint64(size), UncompressedSize64: p.size})
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, src); err != nil {
			return err
		}
	}
	return zw.Close()
}

func (z *sortedZip) removeSpool() {
	if z.spool != nil {
		z.spool.Close()
		os.Remove(z.spool.Name())
		z.spool = nil
	}
}
