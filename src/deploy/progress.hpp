// The live view of a running apply or destroy. On a terminal it redraws one line per
// resource (its state, nodes Running/total for HyperPod, time spent); otherwise it prints a
// plain line whenever a resource's state changes, so logs stay readable.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>

namespace hpl::deploy {

class Progress {
 public:
  virtual ~Progress() = default;
  // A resource starts being worked on ("eks-cluster my-eks", "creating").
  virtual void start(const std::string& id, const std::string& state) = 0;
  // Its state or detail changed ("CREATING", "nodes 1/2 Running").
  virtual void update(const std::string& id, const std::string& state,
                      const std::string& detail) = 0;
  // It is done: `state` is what it ended as ("created", "ACTIVE", "deleted"), `detail` the
  // last word on it ("nodes 2/2 Running"; empty for none).
  virtual void done(const std::string& id, const std::string& state, bool ok,
                    const std::string& detail = "") = 0;
  // Redraws the elapsed times (terminal only); called about once a second while waiting.
  virtual void tick() = 0;
  // A one-off line above the live view.
  virtual void note(const std::string& line) = 0;
};

// A terminal view when `tty`, else plain lines; nothing at all when `quiet`.
std::unique_ptr<Progress> make_progress(std::ostream& out, bool tty, bool quiet);

// SIGINT and SIGTERM set a flag that waits check, so hpctl stops between requests and says
// how to resume instead of dying mid-request.
void install_interrupt_handlers();
bool interrupted();
// Sleeps up to `d` in short slices; returns early (true) when interrupted.
bool interruptible_sleep(std::chrono::milliseconds d);

}  // namespace hpl::deploy
