#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rds_exporter::exposition {

// A text compressed once into raw DEFLATE blocks that another stream may follow: the stream ends with a full
// flush (byte-aligned, no back-reference needed past it) and has no final block. A default-constructed one is
// the empty text.
struct DeflatedText {
  // The compressed stream in pieces of at most kDeflatedPiece bytes, sent (or joined) in order: a page's stream
  // grows a piece at a time and is never copied into a larger buffer, which at the size of a large fleet's page
  // would hold it two or three times over at once.
  std::vector<std::string> deflated;
  // CRC-32 and length of the uncompressed text, which the gzip trailer covers.
  unsigned long crc32 = 0;
  std::size_t size = 0;
};

constexpr std::size_t kDeflatedPiece = 256 * 1024;

DeflatedText deflate_prefix(std::string_view text);

// deflate_prefix() of a text given in pieces, so that a page need never be whole in memory: the pieces joined
// compress to the same text.
class PrefixDeflater {
 public:
  PrefixDeflater();
  ~PrefixDeflater();
  PrefixDeflater(const PrefixDeflater&) = delete;
  PrefixDeflater& operator=(const PrefixDeflater&) = delete;

  void add(std::string_view text);
  // Ends the stream with a full flush; the deflater is spent.
  DeflatedText finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The text deflate_prefix() compressed (throws std::runtime_error should the stream not give it back whole).
std::string inflate_prefix(const DeflatedText& prefix);

// The 10 bytes that open every gzip member this file writes.
std::string_view gzip_header();

// What follows gzip_header() and the deflated texts of `prefixes`, sent in that order, in one gzip member whose
// content is the prefixes' texts followed by `tail`: `tail` in stored (uncompressed) DEFLATE blocks, the last one
// final, then the trailer that covers every text. Nothing is compressed here and the prefixes are not read, only
// their CRCs and lengths: the cost is one CRC pass over `tail`, so a server can send the header, the prefixes and
// this as separate buffers for a tail that changes on every response, never copying or compressing the rest.
std::string gzip_tail(std::initializer_list<const DeflatedText*> prefixes, std::string_view tail);

// One gzip member whose content is the prefix's text followed by `tail`, in one string:
// gzip_header(), prefix.deflated's pieces, then gzip_tail({&prefix}, tail).
std::string gzip_join(const DeflatedText& prefix, std::string_view tail);

}  // namespace rds_exporter::exposition
