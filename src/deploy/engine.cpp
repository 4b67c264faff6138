#include "deploy/engine.hpp"

#include "deploy/error.hpp"

#include <cmath>

namespace hpl::deploy {

namespace json = boost::json;

void add_iam_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out);
void add_network_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out);
void add_s3_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out);
void add_eks_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out);
void add_hyperpod_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out);

std::string_view to_string(Action action) {
  switch (action) {
    case Action::None:
      return "no-op";
    case Action::Create:
      return "create";
    case Action::Update:
      return "update";
    case Action::Delete:
      return "delete";
  }
  return "";
}

ConvertContext Context::convert() {
  resolver_ = [this](std::string_view name) { return refs.get(name); };
  return ConvertContext{resolver_, findings};
}

std::vector<std::unique_ptr<Resource>> build_resources(const Stack& stack) {
  std::vector<std::unique_ptr<Resource>> out;
  add_iam_resources(stack, out);
  add_network_resources(stack, out);
  add_s3_resources(stack, out);
  add_eks_resources(stack, out);
  add_hyperpod_resources(stack, out);
  return out;
}

void wait_for(Context& ctx, const std::string& label, const std::function<Poll()>& poll,
              bool until_gone) {
  auto start = std::chrono::steady_clock::now();
  auto next_poll = start;
  while (true) {
    if (std::chrono::steady_clock::now() >= next_poll) {
      Poll p = poll();
      next_poll = std::chrono::steady_clock::now() + ctx.poll_interval;
      if (p.outcome == Poll::Outcome::Failed) {
        ctx.progress.done(label, p.state, false, p.detail);
        throw Error(ErrorKind::ResourceFailed,
                    label + " is " + p.state + (p.failure.empty() ? "" : ": " + p.failure));
      }
      bool finished =
          until_gone ? p.outcome == Poll::Outcome::Gone : p.outcome == Poll::Outcome::Ready;
      if (finished) {
        ctx.progress.done(label, until_gone ? "deleted" : p.state, true,
                          until_gone ? "" : p.detail);
        return;
      }
      ctx.progress.update(label, p.state, p.detail);
    }
    if (std::chrono::steady_clock::now() - start > ctx.timeout) {
      ctx.progress.done(label, "timed out", false);
      throw Error(ErrorKind::Timeout, label + " was not " + (until_gone ? "gone" : "ready") +
                                          " after " + std::to_string(ctx.timeout.count()) +
                                          "s; run the command again to "
                                          "keep waiting");
    }
    if (interruptible_sleep(std::chrono::milliseconds(250))) {
      ctx.progress.done(label, "interrupted", false);
      throw Error(ErrorKind::Interrupted,
                  "interrupted while waiting for " + label + "; run apply again to resume");
    }
    ctx.progress.tick();
  }
}

bool is_not_found(const std::exception& e) {
  const auto* err = dynamic_cast<const Error*>(&e);
  if (!err || err->kind() != ErrorKind::Aws) return false;
  static constexpr std::string_view kCodes[] = {
      "NoSuchEntity",
      "ResourceNotFoundException",
      "ResourceNotFound",
      "NoSuchBucket",
      "NotFound",
      "InvalidVpcID.NotFound",
      "InvalidSubnetID.NotFound",
      "InvalidGroup.NotFound",
  };
  for (auto code : kCodes) {
    if (err->code() == code) return true;
  }
  return false;
}

json::array stack_tags(const Stack& stack, const std::string& resource) {
  json::array tags{json::object{{"Key", kStackTag}, {"Value", stack.name}}};
  if (!resource.empty()) tags.push_back(json::object{{"Key", kResourceTag}, {"Value", resource}});
  return tags;
}

bool same_json(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    return std::fabs(a.to_number<double>() - b.to_number<double>()) < 1e-9;
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.as_array(), &y = b.as_array();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!same_json(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.as_object(), &y = b.as_object();
    if (x.size() != y.size()) return false;
    for (const auto& [k, v] : x) {
      auto it = y.find(k);
      if (it == y.end() || !same_json(v, it->value())) return false;
    }
    return true;
  }
  return a == b;
}

void diff_specified(const json::value& desired, const json::value& live, const std::string& path,
                    std::vector<FieldChange>& out) {
  if (desired.is_object() && live.is_object()) {
    for (const auto& [k, v] : desired.as_object()) {
      auto it = live.as_object().find(k);
      std::string child = path.empty() ? std::string(k) : path + "." + std::string(k);
      diff_specified(v, it == live.as_object().end() ? json::value(nullptr) : it->value(), child,
                     out);
    }
    return;
  }
  if (!same_json(desired, live)) out.push_back({path, live, desired});
}

}  // namespace hpl::deploy
