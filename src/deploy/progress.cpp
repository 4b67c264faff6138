#include "deploy/progress.hpp"

#include <atomic>
#include <csignal>
#include <thread>
#include <vector>

namespace hpl::deploy {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) {
  g_interrupted = true;
}

using Clock = std::chrono::steady_clock;

std::string elapsed(Clock::time_point since, Clock::time_point now) {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
  if (s < 60) return std::to_string(s) + "s";
  return std::to_string(s / 60) + "m" + (s % 60 < 10 ? "0" : "") + std::to_string(s % 60) + "s";
}

struct Line {
  std::string id, state, detail;
  Clock::time_point started, ended;
  bool finished = false;
  bool ok = true;
};

class PlainProgress : public Progress {
 public:
  explicit PlainProgress(std::ostream& out) : out_(out), begin_(Clock::now()) {}

  void start(const std::string& id, const std::string& state) override {
    lines_.push_back({id, state, "", Clock::now(), {}, false, true});
    print(lines_.back());
  }
  void update(const std::string& id, const std::string& state, const std::string& detail) override {
    Line& l = find(id);
    if (l.state == state && l.detail == detail) return;
    l.state = state;
    l.detail = detail;
    print(l);
  }
  void done(const std::string& id, const std::string& state, bool ok,
            const std::string& detail) override {
    Line& l = find(id);
    l.state = state;
    l.detail = detail;
    l.finished = true;
    l.ok = ok;
    l.ended = Clock::now();
    print(l);
  }
  void tick() override {}
  void note(const std::string& line) override { out_ << line << "\n" << std::flush; }

 private:
  Line& find(const std::string& id) {
    for (auto& l : lines_) {
      if (l.id == id && !l.finished) return l;
    }
    lines_.push_back({id, "", "", Clock::now(), {}, false, true});
    return lines_.back();
  }
  void print(const Line& l) {
    out_ << "[" << elapsed(begin_, Clock::now()) << "] " << l.id << ": " << l.state;
    if (!l.detail.empty()) out_ << " (" << l.detail << ")";
    if (l.finished) out_ << " after " << elapsed(l.started, l.ended);
    out_ << "\n" << std::flush;
  }

  std::ostream& out_;
  Clock::time_point begin_;
  std::vector<Line> lines_;
};

class TerminalProgress : public Progress {
 public:
  explicit TerminalProgress(std::ostream& out) : out_(out) {}

  void start(const std::string& id, const std::string& state) override {
    lines_.push_back({id, state, "", Clock::now(), {}, false, true});
    redraw();
  }
  void update(const std::string& id, const std::string& state, const std::string& detail) override {
    for (auto& l : lines_) {
      if (l.id == id && !l.finished) {
        l.state = state;
        l.detail = detail;
      }
    }
    redraw();
  }
  void done(const std::string& id, const std::string& state, bool ok,
            const std::string& detail) override {
    for (auto& l : lines_) {
      if (l.id == id && !l.finished) {
        l.state = state;
        l.detail = detail;
        l.finished = true;
        l.ok = ok;
        l.ended = Clock::now();
      }
    }
    redraw();
  }
  void tick() override { redraw(); }
  void note(const std::string& line) override {
    clear();
    out_ << line << "\n";
    drawn_ = 0;
    redraw();
  }

 private:
  void clear() {
    for (size_t i = 0; i < drawn_; ++i) out_ << "\x1b[1A\x1b[2K";
    out_ << "\r";
  }
  void redraw() {
    clear();
    auto now = Clock::now();
    static const char* kSpinner[] = {"|", "/", "-", "\\"};
    ++frame_;
    for (const auto& l : lines_) {
      const char* mark = !l.finished ? kSpinner[frame_ % 4]
                         : l.ok      ? "\xE2\x9C\x93"
                                     : "\xE2\x9C\x97";
      out_ << "\x1b[2K" << mark << " " << l.id << "  " << l.state;
      if (!l.detail.empty()) out_ << "  " << l.detail;
      out_ << "  " << elapsed(l.started, l.finished ? l.ended : now) << "\n";
    }
    out_ << std::flush;
    drawn_ = lines_.size();
  }

  std::ostream& out_;
  std::vector<Line> lines_;
  size_t drawn_ = 0;
  size_t frame_ = 0;
};

class QuietProgress : public Progress {
 public:
  void start(const std::string&, const std::string&) override {}
  void update(const std::string&, const std::string&, const std::string&) override {}
  void done(const std::string&, const std::string&, bool, const std::string&) override {}
  void tick() override {}
  void note(const std::string&) override {}
};

}  // namespace

std::unique_ptr<Progress> make_progress(std::ostream& out, bool tty, bool quiet) {
  if (quiet) return std::make_unique<QuietProgress>();
  if (tty) return std::make_unique<TerminalProgress>(out);
  return std::make_unique<PlainProgress>(out);
}

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() {
  return g_interrupted;
}

bool interruptible_sleep(std::chrono::milliseconds d) {
  auto end = Clock::now() + d;
  while (Clock::now() < end) {
    if (g_interrupted) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(100)));
  }
  return g_interrupted;
}

}  // namespace hpl::deploy
