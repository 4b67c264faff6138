// The resources of a stack and what plan, apply, destroy and status do with each. Nothing is
// remembered between runs: every run reads the live services (resources are found by name,
// or by the hpctl:stack / hpctl:resource tags for VPC parts whose ids AWS picks), so a run
// that was interrupted simply carries on where the services are.
#pragma once

#include "deploy/aws_client.hpp"
#include "deploy/progress.hpp"
#include "deploy/requests.hpp"
#include "deploy/stack.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hpl::deploy {

enum class Action { None, Create, Update, Delete };
std::string_view to_string(Action action);

struct FieldChange {
  std::string path;           // "InstanceGroups[workers].InstanceCount"
  boost::json::value before;  // null when the field is added
  boost::json::value after;   // null when it is removed
};

struct Change {
  Change() = default;
  Change(std::string k, std::string n) : kind(std::move(k)), name(std::move(n)) {}

  std::string kind;  // "hyperpod-cluster"
  std::string name;
  Action action = Action::None;
  std::vector<FieldChange> fields;
  // Things apply cannot do in place (an immutable field changed), or is waiting for.
  std::vector<std::string> notes;
  bool blocked = false;  // a note says the change needs the resource replaced
  std::string state;     // the live state, when it has one ("ACTIVE", "InService")
};

struct StatusRow {
  std::string kind, name, id, state, detail;
};

struct Context {
  Context(AwsClient& a, const Stack& s, References r, Progress& p)
      : aws(a), stack(s), refs(std::move(r)), progress(p) {}
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  AwsClient& aws;
  const Stack& stack;
  References refs;
  Findings findings;  // problems building requests with live values
  Progress& progress;
  std::chrono::milliseconds poll_interval{2000};
  std::chrono::seconds timeout{std::chrono::hours(4)};

  // Converts the stack's YAML with the live references; errors land in `findings`.
  ConvertContext convert();

 private:
  Resolver resolver_;
};

class Resource {
 public:
  virtual ~Resource() = default;
  virtual std::string kind() const = 0;
  virtual std::string name() const = 0;
  std::string label() const { return kind() + " " + name(); }

  // Reads the live resource and publishes the references it defines.
  virtual void read(Context& ctx) = 0;
  virtual bool exists() const = 0;
  // What apply would change, from the state read() saw.
  virtual Change plan(Context& ctx) = 0;
  // Creates or updates the resource and waits until it is ready; re-publishes references.
  virtual void apply(Context& ctx, const Change& change) = 0;
  // Waits for a resource apply leaves unchanged but that is still on its way (an EKS cluster
  // CREATING after an interrupted run).
  virtual void ensure_ready(Context& ctx) {}
  // Deletes it and waits until it is gone; nothing when it does not exist.
  virtual void destroy(Context& ctx) = 0;
  virtual StatusRow status() const = 0;
  // Extra tables for `status` (HyperPod instance groups and nodes).
  virtual boost::json::object details() const { return {}; }
};

// The stack's resources in the order they depend on each other (apply order; destroy runs it
// backwards).
std::vector<std::unique_ptr<Resource>> build_resources(const Stack& stack);

// The HyperPod cluster resource alone, for `status --cluster NAME` without a stack file.
std::unique_ptr<Resource> make_hyperpod_cluster(const HyperPodSpec& spec);

// One poll of a resource being waited on.
struct Poll {
  enum class Outcome { Waiting, Ready, Failed, Gone };
  Poll() = default;
  Poll(Outcome o, std::string s, std::string d = "", std::string f = "")
      : outcome(o), state(std::move(s)), detail(std::move(d)), failure(std::move(f)) {}

  Outcome outcome = Outcome::Waiting;
  std::string state;
  std::string detail;   // "nodes 1/2 Running"
  std::string failure;  // why, when Failed
};

// Polls until Ready (or Gone, when `until_gone`), showing progress. Throws
// Error(ResourceFailed) on Failed, Error(Timeout) past ctx.timeout, Error(Interrupted).
void wait_for(Context& ctx, const std::string& label, const std::function<Poll()>& poll,
              bool until_gone = false);

// Whether an AWS error means "no such resource" for the service that raised it.
bool is_not_found(const std::exception& e);

// The tags hpctl puts on what it creates, in the EC2 / SageMaker {Key, Value} form.
boost::json::array stack_tags(const Stack& stack, const std::string& resource);

// Field-by-field differences, looking only at the members `desired` specifies (the services
// fill in defaults we should not fight). Numbers compare by value.
void diff_specified(const boost::json::value& desired, const boost::json::value& live,
                    const std::string& path, std::vector<FieldChange>& out);
bool same_json(const boost::json::value& a, const boost::json::value& b);

}  // namespace hpl::deploy
