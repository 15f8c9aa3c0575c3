#include "http/server.h"

#include "http/basic_auth.h"
#include "http/routes.h"
#include "http/tls_context.h"
#include "logging/log_setup.h"
#include "telemetry/metric_families.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <array>
#include <atomic>
#include <future>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace rds_exporter::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

std::string address(const std::string& host, std::uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Why the server closed a connection before answering it normally; the label of
// rds_exporter_http_connections_closed_total.
constexpr const char* kClosedReasons[] = {"connection_limit", "evicted",          "read_header_timeout",
                                          "idle_timeout",     "write_timeout",    "header_too_large",
                                          "malformed_request", "tls_handshake",   "client_not_allowed"};

// Sent, best effort and without waiting, to a connection beyond the limit before it is closed.
constexpr std::string_view kTooManyConnections =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 21\r\n"
    "Connection: close\r\n\r\ntoo many connections\n";

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Handlers handlers, WebSecurity security)
      : options_(std::move(options)),
        keep_alive_header_(
            "timeout=" +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(options_.idle_timeout).count())),
        router_(options_.version, std::move(handlers)),
        security_(std::make_shared<const WebSecurity>(std::move(security))),
        // Changing with every request, these three are gathered on every scrape (telemetry::ChangeTracking).
        open_("rds_exporter_http_connections_open", "HTTP connections open now.", {},
              telemetry::ChangeTracking::uncounted),
        closed_("rds_exporter_http_connections_closed_total",
                "HTTP connections the exporter closed before or instead of answering, by reason: beyond "
                "exporter.max_connections with every place held by a served client, the oldest connection without a "
                "request closed to make room for a new one at exporter.max_connections, no complete request head within exporter.read_header_timeout, idle "
                "past exporter.idle_timeout, a response not taken within the write timeout, a request head over "
                "16 KiB or 100 lines, a malformed request, a failed TLS handshake, a client certificate not allowed.",
                {"reason"}, telemetry::ChangeTracking::uncounted),
        requests_("rds_exporter_http_requests_total", "HTTP requests answered, by endpoint and status code.",
                  {"handler", "code"}, telemetry::ChangeTracking::uncounted) {
    open_.set({}, 0);
    for (const char* reason : kClosedReasons) closed_.increment({reason}, 0);
    for (const char* handler : {"/metrics", "/health", "/-/healthy", "/-/ready"}) requests_.increment({handler, "200"}, 0);
  }

  std::optional<std::string> start();
  void stop();
  void drain() { draining_ = true; }
  bool update_security(WebSecurity security);
  std::uint16_t port() const { return port_; }
  std::vector<exposition::MetricFamily> metrics() const {
    return {open_.collect(), closed_.collect(), requests_.collect()};
  }

  // What a connection needs of the server. Connections live on the serving thread only.
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  bool draining() const { return draining_; }
  std::shared_ptr<const WebSecurity> security() const {
    const std::lock_guard lock(security_mutex_);
    return security_;
  }
  net::thread_pool& authentication() { return authentication_; }
  net::thread_pool& reloads() { return reloads_; }
  const std::string& keep_alive_header() const { return keep_alive_header_; }
  void count_closed(const char* reason) { closed_.increment({reason}); }
  void count_request(Route route, unsigned status);

  class Connection;
  template <class Stream>
  class Session;

  void opened(Connection* connection);
  // The connection has sent its first complete request head: it is no longer the first to go at the cap.
  void served(Connection* connection);
  void closed(Connection* connection);

 private:
  void accept();
  void on_accept(beast::error_code error, tcp::socket socket);
  void refuse(tcp::socket& socket);

  ServerOptions options_;
  std::string keep_alive_header_;
  Router router_;
  mutable std::mutex security_mutex_;
  std::shared_ptr<const WebSecurity> security_;
  std::atomic<bool> draining_{false};
  telemetry::GaugeFamily open_;
  telemetry::CounterFamily closed_;
  telemetry::CounterFamily requests_;

  // Declared before the I/O context: handlers the context still holds when it is destroyed end connections,
  // which then leave this set.
  std::unordered_set<Connection*> connections_;
  // Connections that have not yet sent a complete request head, oldest first: idle and slowloris connections are
  // among them, a client that has been served is not.
  std::list<Connection*> unserved_;
  net::io_context io_{1};
  tcp::acceptor acceptor_{io_};
  net::steady_timer accept_retry_{io_};
  // Work that may take long runs on threads of its own, never the serving thread: bcrypt checks, and reloads
  // (which wait for the old collection to stop), apart, so that a reload never holds back an authenticated scrape.
  net::thread_pool authentication_{1};
  net::thread_pool reloads_{1};
  std::thread thread_;
  std::future<void> finished_;
  bool started_ = false;
  std::uint16_t port_ = 0;
};

// A connection as the server's stop() sees it: something to close.
class Server::Impl::Connection {
 public:
  virtual ~Connection() = default;
  virtual void close() = 0;

  // Its place in unserved_, while it is there.
  std::optional<std::list<Connection*>::iterator> unserved;
};

void Server::Impl::opened(Connection* connection) {
  connections_.insert(connection);
  connection->unserved = unserved_.insert(unserved_.end(), connection);
  open_.set({}, static_cast<double>(connections_.size()));
}

void Server::Impl::served(Connection* connection) {
  if (!connection->unserved) return;
  unserved_.erase(*connection->unserved);
  connection->unserved.reset();
}

void Server::Impl::closed(Connection* connection) {
  served(connection);
  connections_.erase(connection);
  open_.set({}, static_cast<double>(connections_.size()));
}

// One connection, plain (beast::tcp_stream) or TLS (beast::ssl_stream<beast::tcp_stream>). Its steps run one
// after another on the serving thread: [handshake] → read a request head → answer → read the next one, each
// under a deadline.
template <class Stream>
class Server::Impl::Session : public Server::Impl::Connection,
                              public std::enable_shared_from_this<Server::Impl::Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Server::Impl& server, tcp::socket socket, std::shared_ptr<net::ssl::context> tls)
      : server_(server), tls_(std::move(tls)), stream_(make_stream(std::move(socket))) {
    server_.opened(this);
  }
  ~Session() override { server_.closed(this); }

  void start() {
    beast::get_lowest_layer(stream_).expires_after(server_.options().read_header_timeout);
    if constexpr (kTls) {
      stream_.async_handshake(net::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code error) { self->on_handshake(error); });
    } else {
      read_head();
    }
  }

  void close() override {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(stream_).close();
  }

 private:
  Stream make_stream(tcp::socket socket) {
    if constexpr (kTls) {
      return Stream(beast::tcp_stream(std::move(socket)), *tls_);
    } else {
      return Stream(std::move(socket));
    }
  }

  void on_handshake(beast::error_code error) {
    if (error) {
      server_.count_closed(error == beast::error::timeout ? "read_header_timeout" : "tls_handshake");
      return close();
    }
    if constexpr (kTls) {
      const auto security = server_.security();
      if (security->tls && !security->tls->client_allowed(stream_.native_handle())) {
        server_.count_closed("client_not_allowed");
        return close();
      }
    }
    read_head();
  }

  // Waits for the next request, up to idle_timeout for its first byte, then read_header_timeout for the
  // whole head. The first request's clock started at accept.
  void wait_for_request() {
    if (buffer_.size() > 0) {
      // Pipelined: the next request is already here.
      beast::get_lowest_layer(stream_).expires_after(server_.options().read_header_timeout);
      return read_head();
    }
    beast::get_lowest_layer(stream_).expires_after(server_.options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead), [self = this->shared_from_this()](beast::error_code error,
                                                                                          std::size_t read) {
      if (error) {
        if (error == beast::error::timeout) self->server_.count_closed("idle_timeout");
        return self->close();
      }
      self->buffer_.commit(read);
      beast::get_lowest_layer(self->stream_).expires_after(self->server_.options().read_header_timeout);
      self->read_head();
    });
  }

  void read_head() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options().max_header_bytes));
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                               self->on_head(error);
                             });
  }

  void on_head(beast::error_code error) {
    if (error == bhttp::error::end_of_stream || error == bhttp::error::partial_message || error == net::error::eof ||
        error == net::error::connection_reset || error == net::error::operation_aborted) {
      return close();
    }
    if (error == beast::error::timeout) {
      server_.count_closed("read_header_timeout");
      return close();
    }
    if (error.category() == net::error::get_ssl_category() || error == net::ssl::error::stream_truncated) {
      // The TLS layer broke (a client gone without close_notify, say): nothing can be answered on it.
      return close();
    }
    if (error == bhttp::error::header_limit) {
      server_.count_closed("header_too_large");
      return send_error(431, "request header fields too large\n");
    }
    if (error) {
      server_.count_closed("malformed_request");
      return send_error(400, "bad request\n");
    }
    server_.served(this);
    const auto& head = parser_->get();
    if (static_cast<std::size_t>(std::distance(head.begin(), head.end())) > server_.options().max_header_lines) {
      server_.count_closed("header_too_large");
      return send_error(431, "request header fields too large\n");
    }
    // A request body is never read: answering, then closing, keeps it from being parsed as the next request.
    const bool has_body = parser_->chunked() || parser_->content_length().value_or(0) > 0;
    keep_alive_ = head.keep_alive() && !has_body;
    request_ = Request{head.method_string(), head.target(), head[bhttp::field::accept_encoding],
                       head[bhttp::field::accept]};
    request_started_ = std::chrono::steady_clock::now();
    route_ = route_of(request_.target);
    head_request_ = head.method() == bhttp::verb::head;

    security_ = server_.security();
    if (security_->basic_auth && needs_credentials(route_)) {
      // bcrypt takes about 100 ms (less once cached): off the serving thread, so no other client waits for it.
      net::post(server_.authentication(), [self = this->shared_from_this(),
                                    authorization = std::string(head[bhttp::field::authorization])] {
        const bool allowed = self->security_->basic_auth->verify(authorization);
        net::post(self->stream_.get_executor(), [self, allowed] { self->after_authentication(allowed); });
      });
      return;
    }
    route();
  }

  void after_authentication(bool allowed) {
    if (!allowed) {
      Response refused = text_response(401, "Unauthorized\n");
      refused.headers.emplace_back("WWW-Authenticate", "Basic");
      return send(std::move(refused));
    }
    route();
  }

  void route() {
    if (server_.router().is_reload(request_)) {
      net::post(server_.reloads(), [self = this->shared_from_this()] {
        Response response = self->server_.router().answer(self->request_, self->server_.draining());
        net::post(self->stream_.get_executor(),
                  [self, response = std::move(response)]() mutable { self->send(std::move(response)); });
      });
      return;
    }
    send(server_.router().answer(request_, server_.draining()));
  }

  void send_error(unsigned status, std::string text) {
    keep_alive_ = false;
    head_request_ = false;
    route_ = Route::not_found;
    send(text_response(status, std::move(text)));
  }

  void send(Response response) {
    server_.count_request(route_, response.status);
    if (parser_ && parser_->is_header_done()) {
      // Headers stay out of the log: they can carry credentials. The target is quoted and escaped, so that
      // nothing a client sends can forge a log line.
      logging::logger("http")->debug(
          "{} {:?} {} {:.3f}ms", std::string_view(request_.method), std::string_view(request_.target),
          response.status,
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_started_).count());
    }
    response_ = std::move(response);
    if (response_.close) keep_alive_ = false;
    bhttp::response<bhttp::empty_body> head;
    head.version(11);
    head.result(response_.status);
    if (!response_.content_type.empty()) head.set(bhttp::field::content_type, response_.content_type);
    for (const auto& [name, value] : response_.headers) head.insert(name, value);
    if (security_) {
      for (const auto& [name, value] : security_->headers) head.insert(name, value);
    }
    head.content_length(response_.body.size());
    head.keep_alive(keep_alive_);
    // Tells clients how long the idle connection stays usable, so they do not send on one being closed.
    if (keep_alive_) head.set(bhttp::field::keep_alive, server_.keep_alive_header());
    // The head and the body leave in one write: one system call and, with TCP_NODELAY, no segment holding the
    // head alone. Beast keeps the fields (their order, Connection and Content-Length); they are written out here.
    head_text_.clear();
    head_text_ += "HTTP/1.1 ";
    head_text_ += std::to_string(response_.status);
    head_text_ += ' ';
    head_text_ += head.reason();
    head_text_ += "\r\n";
    for (const auto& field : head) {
      head_text_ += field.name_string();
      head_text_ += ": ";
      head_text_ += field.value();
      head_text_ += "\r\n";
    }
    head_text_ += "\r\n";
    buffers_.clear();
    buffers_.emplace_back(head_text_.data(), head_text_.size());
    if (!head_request_) {
      for (const std::string_view piece : response_.body.pieces) buffers_.emplace_back(piece.data(), piece.size());
    }
    beast::get_lowest_layer(stream_).expires_after(server_.options().write_timeout);
    net::async_write(stream_, buffers_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
      self->on_written(error);
    });
  }

  void on_written(beast::error_code error) {
    response_ = {};
    if (error) {
      if (error == beast::error::timeout) server_.count_closed("write_timeout");
      return close();
    }
    if (!keep_alive_) return finish();
    wait_for_request();
  }

  // Ends the connection after its last response: TLS says close_notify first, within a short bound. Plain
  // connections close lingering: after the answer, what the client still sends (the rest of a refused 1 MB
  // request head, a request body) is read and dropped for a moment, since closing with unread bytes makes the
  // kernel reset the connection, which can destroy the answer before the client has read it.
  void finish() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(kLinger);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close(); });
    } else {
      beast::error_code ignored;
      beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
      beast::get_lowest_layer(stream_).expires_after(kLinger);
      linger(0);
    }
  }

  void linger(std::size_t dropped) {
    if (dropped > kMaxLingerBytes) return close();
    // The bytes are thrown away: every connection may share one scratch buffer on the single serving thread.
    static std::array<char, 16 * 1024> scratch;
    beast::get_lowest_layer(stream_).async_read_some(
        net::buffer(scratch), [self = this->shared_from_this(), dropped](beast::error_code error, std::size_t read) {
          if (error) return self->close();
          self->linger(dropped + read);
        });
  }

  static constexpr std::size_t kFirstRead = 1024;
  static constexpr std::chrono::seconds kLinger{1};
  static constexpr std::size_t kMaxLingerBytes = 1024 * 1024;

  Server::Impl& server_;
  std::shared_ptr<net::ssl::context> tls_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> parser_;
  Request request_;
  std::chrono::steady_clock::time_point request_started_;
  Route route_ = Route::not_found;
  bool head_request_ = false;
  bool keep_alive_ = false;
  std::shared_ptr<const WebSecurity> security_;
  Response response_;
  std::string head_text_;
  std::vector<net::const_buffer> buffers_;
};

void Server::Impl::count_request(Route route, unsigned status) {
  static constexpr std::pair<Route, const char*> kHandlers[] = {
      {Route::metrics, "/metrics"}, {Route::health, "/health"},   {Route::healthy, "/-/healthy"},
      {Route::ready, "/-/ready"},   {Route::reload, "/-/reload"}, {Route::landing, "/"}};
  const char* handler = "other";
  for (const auto& [known, name] : kHandlers) {
    if (known == route) handler = name;
  }
  requests_.increment({handler, std::to_string(status)});
}

std::optional<std::string> Server::Impl::start() {
  if (started_) return "the HTTP server was already started";
  started_ = true;
  beast::error_code error;
  const auto ip = net::ip::make_address(options_.host == "0.0.0.0" || options_.host.empty() ? "0.0.0.0" : options_.host,
                                        error);
  tcp::endpoint endpoint;
  if (error) {
    // A host name: the first address it resolves to, as a listener can bind only one.
    tcp::resolver resolver(io_);
    const auto results = resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, error);
    if (error || results.empty()) {
      return "cannot listen on " + address(options_.host, options_.port) + ": " +
             (error ? error.message() : std::string("the name resolves to no address"));
    }
    endpoint = results.begin()->endpoint();
  } else {
    endpoint = tcp::endpoint(ip, options_.port);
  }
  acceptor_.open(endpoint.protocol(), error);
  // SO_REUSEADDR alone (never SO_REUSEPORT, which would let a second exporter share the port silently) allows a
  // quick restart while old connections linger.
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(net::socket_base::max_listen_connections, error);
  if (error) {
    if (error == net::error::address_in_use) return "address " + address(options_.host, options_.port) + " is already in use";
    return "cannot listen on " + address(options_.host, options_.port) + ": " + error.message();
  }
  port_ = acceptor_.local_endpoint().port();
  accept();
  std::promise<void> finished;
  finished_ = finished.get_future();
  thread_ = std::thread([this, finished = std::move(finished)]() mutable {
    // A handler that throws must not end the process: the serving thread logs it and carries on.
    for (;;) {
      try {
        io_.run();
        break;
      } catch (const std::exception& failure) {
        logging::logger("http")->error("serving thread: {}", failure.what());
      }
    }
    finished.set_value();
  });
  logging::logger("http")->debug("listening on {}", address(options_.host, port_));
  return std::nullopt;
}

void Server::Impl::accept() {
  acceptor_.async_accept(io_, [this](beast::error_code error, tcp::socket socket) { on_accept(error, std::move(socket)); });
}

void Server::Impl::refuse(tcp::socket& socket) {
  count_closed("connection_limit");
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  // A TLS client would take plain text for a broken handshake: it only sees the connection close.
  if (!security()->tls) socket.write_some(net::buffer(kTooManyConnections), ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void Server::Impl::on_accept(beast::error_code error, tcp::socket socket) {
  if (error == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (error) {
    // Out of file descriptors, say: waiting a little keeps this from spinning while connections close.
    logging::logger("http")->warn("accepting a connection failed: {}", error.message());
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](beast::error_code waited) {
      if (!waited) accept();
    });
    return;
  }
  if (connections_.size() >= options_.max_connections) {
    if (unserved_.empty()) {
      // Every place is held by a client that has been served: the newcomer is the one to go.
      refuse(socket);
      return accept();
    }
    // The oldest connection still without a request makes room: idle and slowloris connections cannot keep a
    // real client out. It leaves the set as soon as its pending operation ends.
    Connection* oldest = unserved_.front();
    served(oldest);
    count_closed("evicted");
    oldest->close();
  }
  beast::error_code ignored;
  // Small answers (health probes, small pages) go out at once instead of waiting for the peer's delayed ACK.
  socket.set_option(tcp::no_delay(true), ignored);
  const auto security = this->security();
  try {
    if (security->tls) {
      auto context = security->tls->current();
      std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, std::move(socket), std::move(context))
          ->start();
    } else {
      std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket), nullptr)->start();
    }
  } catch (const std::exception& failure) {
    logging::logger("http")->error("cannot serve a connection: {}", failure.what());
  }
  accept();
}

bool Server::Impl::update_security(WebSecurity security) {
  const std::lock_guard lock(security_mutex_);
  if (static_cast<bool>(security.tls) != static_cast<bool>(security_->tls)) return false;
  security_ = std::make_shared<const WebSecurity>(std::move(security));
  return true;
}

void Server::Impl::stop() {
  if (!thread_.joinable()) return;
  drain();
  std::promise<void> closed;
  net::post(io_, [this, &closed] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    // Closing may end a connection, which leaves the set: close a copy.
    const std::vector<Connection*> open(connections_.begin(), connections_.end());
    for (Connection* connection : open) connection->close();
    closed.set_value();
  });
  closed.get_future().wait();
  // What the closed connections still had queued ends at once, with errors; anything still running after this
  // bound (a reload in progress, say) is abandoned.
  if (finished_.wait_for(std::chrono::seconds(1)) != std::future_status::ready) io_.stop();
  thread_.join();
  authentication_.join();
  reloads_.join();
  logging::logger("http")->debug("stopped");
}

Server::Server(ServerOptions options, Handlers handlers, WebSecurity security)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers), std::move(security))) {}

Server::~Server() { stop(); }

std::optional<std::string> Server::start() { return impl_->start(); }
bool Server::update_security(WebSecurity security) { return impl_->update_security(std::move(security)); }
void Server::drain() { impl_->drain(); }
void Server::stop() { impl_->stop(); }
std::uint16_t Server::port() const { return impl_->port(); }
std::vector<exposition::MetricFamily> Server::metrics() const { return impl_->metrics(); }

}  // namespace rds_exporter::http
