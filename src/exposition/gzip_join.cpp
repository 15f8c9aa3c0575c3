#include "exposition/gzip_join.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <stdexcept>

namespace rds_exporter::exposition {
namespace {

// zlib counts in uInt; larger inputs go through in pieces.
constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max();

// Negative window bits: raw DEFLATE, with neither zlib's nor gzip's wrapper, so the streams can be spliced.
constexpr int kRawDeflate = -MAX_WBITS;
constexpr int kMemoryLevel = 8;
// The fastest level: a 14 MB page of 5,000 instances deflates in a third of level 6's time for a fifth more bytes
// (BENCHMARKS.md); the page is compressed once per snapshot but on the collection thread's clock.
constexpr int kLevel = Z_BEST_SPEED;

// ID1 ID2, CM = deflate, no flags, no modification time, no extra flags, OS unknown (RFC 1952 §2.3).
constexpr std::array<unsigned char, 10> kGzipHeader = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};

}  // namespace

// Outside the anonymous namespace: PrefixDeflater::State, a class with external linkage, holds one, and g++
// reports a member whose type is private to one file (-Wsubobject-linkage) once this file is compiled inside a
// unity batch.
class RawDeflater {
 public:
  RawDeflater() {
    if (deflateInit2(&stream_, kLevel, Z_DEFLATED, kRawDeflate, kMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("zlib could not start a deflate stream");
    }
  }
  ~RawDeflater() { deflateEnd(&stream_); }
  RawDeflater(const RawDeflater&) = delete;
  RawDeflater& operator=(const RawDeflater&) = delete;

  // Compresses `input` onto the end of `out`, ending with `flush` (Z_NO_FLUSH or Z_FULL_FLUSH). The first piece is
  // as large as the input could need (at least kFirstPiece, for what zlib still holds), up to kDeflatedPiece; the
  // next ones are kDeflatedPiece.
  void compress(std::string_view input, int flush, std::vector<std::string>& out) {
    std::size_t consumed = 0;
    bool last = false;
    while (!last) {
      const std::size_t chunk = std::min(input.size() - consumed, kMaxChunk);
      last = consumed + chunk == input.size();
      stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data() + consumed));
      stream_.avail_in = static_cast<uInt>(chunk);
      const int mode = last ? flush : Z_NO_FLUSH;
      // zlib's contract: call again while it filled all the room it was given.
      do {
        if (out.empty()) {
          const std::size_t bound = deflateBound(&stream_, static_cast<uLong>(stream_.avail_in)) + kMinRoom;
          out.emplace_back().reserve(std::clamp(bound, kFirstPiece, kDeflatedPiece));
        } else if (out.back().size() == out.back().capacity()) {
          // More is coming than the last piece could hold.
          out.emplace_back().reserve(kDeflatedPiece);
        }
        std::string& piece = out.back();
        const std::size_t used = piece.size();
        const std::size_t room = piece.capacity() - used;
        piece.resize(piece.capacity());
        stream_.next_out = reinterpret_cast<Bytef*>(piece.data() + used);
        stream_.avail_out = static_cast<uInt>(room);
        const int status = deflate(&stream_, mode);
        piece.resize(used + room - stream_.avail_out);
        if (status == Z_STREAM_ERROR) throw std::runtime_error("zlib deflate failed");
      } while (stream_.avail_out == 0);
      consumed += chunk;
    }
  }

 private:
  static constexpr std::size_t kMinRoom = 64;
  static constexpr std::size_t kFirstPiece = 16 * 1024;
  z_stream stream_{};
};

namespace {

unsigned long crc32_of(std::string_view text) {
  return ::crc32_z(::crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(text.data()), text.size());
}

// A stored DEFLATE block holds at most 65,535 bytes (its LEN is 16 bits).
constexpr std::size_t kMaxStoredBlock = 0xffff;

void append_little_endian_16(std::string& out, std::size_t value) {
  out += static_cast<char>(value & 0xff);
  out += static_cast<char>((value >> 8) & 0xff);
}

void append_little_endian_32(std::string& out, unsigned long value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xff);
}

}  // namespace

struct PrefixDeflater::State {
  RawDeflater deflater;
  DeflatedText result;
};

PrefixDeflater::PrefixDeflater() : state_(std::make_unique<State>()) {
  state_->result.crc32 = ::crc32_z(0, nullptr, 0);
}

PrefixDeflater::~PrefixDeflater() = default;

void PrefixDeflater::add(std::string_view text) {
  if (text.empty()) return;
  state_->deflater.compress(text, Z_NO_FLUSH, state_->result.deflated);
  state_->result.crc32 =
      ::crc32_z(state_->result.crc32, reinterpret_cast<const Bytef*>(text.data()), text.size());
  state_->result.size += text.size();
}

DeflatedText PrefixDeflater::finish() {
  DeflatedText result = std::move(state_->result);
  if (result.size == 0) return DeflatedText{};
  state_->deflater.compress({}, Z_FULL_FLUSH, result.deflated);
  // The page keeps this until the next snapshot: give back the last piece's unused room (at most one piece).
  result.deflated.back().shrink_to_fit();
  result.deflated.shrink_to_fit();
  return result;
}

DeflatedText deflate_prefix(std::string_view text) {
  PrefixDeflater deflater;
  deflater.add(text);
  return deflater.finish();
}

std::string inflate_prefix(const DeflatedText& prefix) {
  std::string text;
  if (prefix.size == 0) return text;
  z_stream stream{};
  if (inflateInit2(&stream, kRawDeflate) != Z_OK) throw std::runtime_error("zlib could not start an inflate stream");
  text.resize(prefix.size);
  std::size_t out = 0;
  int status = Z_OK;
  // The stream ends at a full flush, without a final block: it is whole once the text's length is out.
  for (const std::string& piece : prefix.deflated) {
    std::size_t in = 0;
    while (in < piece.size() && out < text.size() && status == Z_OK) {
      const std::size_t in_chunk = std::min(piece.size() - in, kMaxChunk);
      const std::size_t out_chunk = std::min(text.size() - out, kMaxChunk);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data() + in));
      stream.avail_in = static_cast<uInt>(in_chunk);
      stream.next_out = reinterpret_cast<Bytef*>(text.data() + out);
      stream.avail_out = static_cast<uInt>(out_chunk);
      status = inflate(&stream, Z_SYNC_FLUSH);
      const bool moved = in_chunk != stream.avail_in || out_chunk != stream.avail_out;
      in += in_chunk - stream.avail_in;
      out += out_chunk - stream.avail_out;
      // No progress with input and room left: the stream is damaged.
      if (status == Z_BUF_ERROR && moved) status = Z_OK;
    }
  }
  inflateEnd(&stream);
  if (out != text.size() || crc32_of(text) != prefix.crc32) throw std::runtime_error("a deflated page did not inflate");
  return text;
}

std::string_view gzip_header() { return {reinterpret_cast<const char*>(kGzipHeader.data()), kGzipHeader.size()}; }

std::string gzip_tail(std::initializer_list<const DeflatedText*> prefixes, std::string_view tail) {
  unsigned long crc = crc32_of({});
  std::size_t size = 0;
  for (const DeflatedText* prefix : prefixes) {
    crc = ::crc32_combine(crc, prefix->crc32, static_cast<z_off_t>(prefix->size));
    size += prefix->size;
  }
  crc = ::crc32_combine(crc, crc32_of(tail), static_cast<z_off_t>(tail.size()));
  size += tail.size();
  std::string out;
  out.reserve(tail.size() + (tail.size() / kMaxStoredBlock + 1) * 5 + 8);
  // Each prefix ends with a full flush, on a byte boundary: a stored block may follow it directly (RFC 1951
  // §3.2.4: the header's three bits, padding to the byte, then LEN and its one's complement NLEN, little-endian).
  do {
    const std::size_t length = std::min(tail.size(), kMaxStoredBlock);
    const bool final = length == tail.size();
    out += static_cast<char>(final ? 1 : 0);  // BFINAL, then BTYPE 00 (stored)
    append_little_endian_16(out, length);
    append_little_endian_16(out, ~length);
    out.append(tail.substr(0, length));
    tail.remove_prefix(length);
  } while (!tail.empty());
  append_little_endian_32(out, crc);
  // ISIZE is the length modulo 2^32 (RFC 1952 §2.3.1).
  append_little_endian_32(out, static_cast<unsigned long>(size & 0xffffffffu));
  return out;
}

std::string gzip_join(const DeflatedText& prefix, std::string_view tail) {
  const std::string end = gzip_tail({&prefix}, tail);
  std::string out;
  out += gzip_header();
  for (const std::string& piece : prefix.deflated) out += piece;
  out += end;
  return out;
}

}  // namespace rds_exporter::exposition
