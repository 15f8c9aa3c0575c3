#include "exposition/gzip_join.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace rds_exporter::exposition {
namespace {

struct Inflated {
  std::string text;
  bool complete = false;
  // Bytes after the end of the gzip member; a well-formed body has none.
  std::size_t trailing = 0;
};

Inflated gunzip(const std::string& compressed) {
  z_stream stream{};
  Inflated result;
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return result;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  char buffer[1 << 16];
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    status = inflate(&stream, Z_NO_FLUSH);
    result.text.append(buffer, sizeof buffer - stream.avail_out);
  }
  result.complete = status == Z_STREAM_END;
  result.trailing = stream.avail_in;
  inflateEnd(&stream);
  return result;
}

std::string exposition_lines(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    text += "rds_cpuutilization{aws_account_id=\"123456789012\",region=\"eu-west-1\",db_instance_identifier=\"db-" +
            std::to_string(i) + "\",engine=\"postgres\"} " + std::to_string(i % 97) + ".25\n";
  }
  return text;
}

// Bytes that do not compress, so that the streams need more room than their input.
std::string random_bytes(std::size_t size) {
  std::mt19937 generator(42);
  std::string bytes(size, '\0');
  for (auto& byte : bytes) byte = static_cast<char>(generator() & 0xff);
  return bytes;
}

// A deflated text's pieces, as a server sends them one after the other.
std::string joined(const DeflatedText& text) {
  std::string out;
  for (const std::string& piece : text.deflated) out += piece;
  return out;
}

void expect_joins_to(const std::string& prefix, const std::string& tail) {
  const std::string joined = gzip_join(deflate_prefix(prefix), tail);
  const Inflated inflated = gunzip(joined);
  EXPECT_TRUE(inflated.complete);
  EXPECT_EQ(inflated.trailing, 0u);
  EXPECT_EQ(inflated.text.size(), prefix.size() + tail.size());
  EXPECT_TRUE(inflated.text == prefix + tail) << "the inflated body differs from prefix + tail";
}

TEST(GzipJoin, JoinsAPrefixAndATailIntoOneMember) { expect_joins_to("rds_up 1\n", "process_open_fds 12\n"); }

TEST(GzipJoin, EmptyPrefix) { expect_joins_to("", "process_open_fds 12\n"); }

TEST(GzipJoin, EmptyTail) { expect_joins_to(exposition_lines(10), ""); }

TEST(GzipJoin, BothEmpty) { expect_joins_to("", ""); }

TEST(GzipJoin, DefaultDeflatedTextIsTheEmptyText) {
  const Inflated inflated = gunzip(gzip_join(DeflatedText{}, "tail\n"));
  EXPECT_TRUE(inflated.complete);
  EXPECT_EQ(inflated.text, "tail\n");
}

TEST(GzipJoin, MegabytesOfPrefix) {
  const std::string prefix = exposition_lines(60000);
  ASSERT_GT(prefix.size(), 5u << 20);
  expect_joins_to(prefix, exposition_lines(50));
}

TEST(GzipJoin, IncompressibleInput) { expect_joins_to(random_bytes(3 << 20), random_bytes(100000)); }

TEST(GzipJoin, ThePrefixIsCompressed) {
  const std::string prefix = exposition_lines(20000);
  const DeflatedText deflated = deflate_prefix(prefix);
  EXPECT_EQ(deflated.size, prefix.size());
  EXPECT_LT(joined(deflated).size(), prefix.size() / 10);
}

// A page kept compressed only is inflated back, byte for byte, when a plain scrape asks for it.
TEST(GzipJoin, APrefixInflatesBackToItsText) {
  for (const std::string& text : {std::string(), std::string("a 1\n"), exposition_lines(60000), random_bytes(3 << 20)}) {
    EXPECT_EQ(inflate_prefix(deflate_prefix(text)), text);
  }
  DeflatedText damaged = deflate_prefix(exposition_lines(1000));
  const std::string whole = joined(damaged);
  damaged.deflated = {whole.substr(0, whole.size() / 2)};
  EXPECT_THROW(inflate_prefix(damaged), std::runtime_error);
}

// A large fleet's page is held compressed until the next snapshot: in pieces of at most kDeflatedPiece, each
// full, so that neither room reserved for growth nor a copy to a larger buffer is ever held beside it.
TEST(GzipJoin, ACompressedPageHoldsNoSpareRoom) {
  for (const std::string& text : {random_bytes(3 << 20), exposition_lines(60000), std::string("a 1\n")}) {
    PrefixDeflater deflater;
    for (std::size_t at = 0; at < text.size(); at += 256 * 1024) deflater.add(std::string_view(text).substr(at, 256 * 1024));
    const DeflatedText deflated = deflater.finish();
    std::size_t size = 0;
    std::size_t capacity = 0;
    for (const std::string& piece : deflated.deflated) {
      EXPECT_LE(piece.size(), kDeflatedPiece);
      size += piece.size();
      capacity += piece.capacity();
    }
    EXPECT_LE(capacity, size + 15) << "no more than a short string's inline room";
    EXPECT_EQ(inflate_prefix(deflated), text);
  }
}

// A page written piece by piece (the publisher streams it without ever holding it whole) compresses to the same
// text and joins as one deflated at once.
TEST(GzipJoin, APrefixGivenInPiecesIsTheWholeText) {
  const std::string prefix = exposition_lines(60000);
  PrefixDeflater deflater;
  for (std::size_t at = 0; at < prefix.size(); at += 100000) deflater.add(std::string_view(prefix).substr(at, 100000));
  const DeflatedText pieces = deflater.finish();
  const DeflatedText whole = deflate_prefix(prefix);
  EXPECT_EQ(pieces.size, whole.size);
  EXPECT_EQ(pieces.crc32, whole.crc32);
  EXPECT_EQ(gunzip(gzip_join(pieces, "tail 1\n")).text, prefix + "tail 1\n");
  EXPECT_EQ(inflate_prefix(pieces), prefix);
  EXPECT_EQ(PrefixDeflater().finish().size, 0u);
}

TEST(GzipJoin, OnePrefixServesManyTails) {
  const std::string prefix = exposition_lines(1000);
  const DeflatedText deflated = deflate_prefix(prefix);
  for (const std::string tail : {"a 1\n", "b 2\n", ""})
    EXPECT_EQ(gunzip(gzip_join(deflated, tail)).text, prefix + tail);
}

// A server's body: the fleet's page and the self-metrics, each compressed once, then a tail stored as it is.
std::string member_of(const std::string& first, const std::string& second, const std::string& tail) {
  const DeflatedText one = deflate_prefix(first);
  const DeflatedText two = deflate_prefix(second);
  return std::string(gzip_header()) + joined(one) + joined(two) + gzip_tail({&one, &two}, tail);
}

TEST(GzipJoin, TwoPrefixesThenATail) {
  const std::string first = exposition_lines(2000);
  const std::string second = "process_open_fds 12\nrds_exporter_build_info 1\n";
  for (const std::string& tail : {std::string("rds_exporter_http_requests_total 3\n"), std::string()}) {
    const Inflated inflated = gunzip(member_of(first, second, tail));
    EXPECT_TRUE(inflated.complete);
    EXPECT_EQ(inflated.trailing, 0u);
    EXPECT_TRUE(inflated.text == first + second + tail);
  }
  EXPECT_EQ(gunzip(member_of("", "", "a 1\n")).text, "a 1\n");
}

TEST(GzipJoin, TailsAroundTheStoredBlockLimit) {
  // A stored block holds at most 65,535 bytes: longer tails take several, the last one final.
  for (const std::size_t size : {65534u, 65535u, 65536u, 131070u, 131071u, 200000u}) {
    const std::string tail = random_bytes(size);
    const Inflated inflated = gunzip(member_of("rds_up 1\n", "", tail));
    EXPECT_TRUE(inflated.complete) << size;
    EXPECT_EQ(inflated.trailing, 0u) << size;
    EXPECT_TRUE(inflated.text == "rds_up 1\n" + tail) << size;
  }
}

TEST(GzipJoin, TheTailIsSentAsItIs) {
  // Not compressed: the tail's cost is a CRC pass, and its bytes are in the member as they are.
  const std::string tail = exposition_lines(20);
  const std::string member = gzip_join(deflate_prefix(""), tail);
  EXPECT_NE(member.find(tail), std::string::npos);
}

TEST(GzipJoin, TheGzipToolAcceptsTheJoinedMember) {
  char directory_template[] = "/tmp/gzip-join-XXXXXX";
  ASSERT_NE(mkdtemp(directory_template), nullptr);
  const std::filesystem::path directory = directory_template;
  const std::string prefix = exposition_lines(5000);
  const std::string tail = "process_open_fds 12\n";
  std::ofstream(directory / "page.gz", std::ios::binary) << gzip_join(deflate_prefix(prefix), tail);
  const std::string command = "gzip -dc '" + (directory / "page.gz").string() + "' 2>&1";
  std::string decoded;
  int status = -1;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[1 << 16];
    for (std::size_t read = 0; (read = fread(buffer, 1, sizeof buffer, pipe)) > 0;) decoded.append(buffer, read);
    status = pclose(pipe);
  }
  std::filesystem::remove_all(directory);
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(decoded == prefix + tail) << decoded.substr(0, 200);
}

}  // namespace
}  // namespace rds_exporter::exposition
