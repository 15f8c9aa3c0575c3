#pragma once

#include "config/value_parsers.h"

#include <string>
#include <vector>

namespace rds_exporter::config {

// remote_write: YAML flow text (JSON included) of a list of targets as Prometheus' remote_write section writes
// them (url, basic_auth, bearer_token(_file), tls, sigv4, headers, queue_capacity, max_samples_per_send, timeout,
// min_backoff, max_backoff). A problem names its place, "remote_write[1].basic_auth.password_file: ...";
// files named are checked to be readable now.
Parsed<std::vector<RemoteWriteTarget>> parse_remote_write(const RawValue& raw);

// As --check-config shows it: each target's url and kind of authentication, never a secret.
std::string remote_write_text(const std::vector<RemoteWriteTarget>& targets);

}  // namespace rds_exporter::config
