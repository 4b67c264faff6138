#include "deploy/commands.hpp"

#include "deploy/engine.hpp"
#include "deploy/error.hpp"
#include "deploy/rules.hpp"
#include "deploy/session.hpp"

namespace hpl::deploy {

namespace json = boost::json;

namespace {}  // namespace

std::optional<int> load(const CommandOptions& o, Session& s, std::ostream& out, std::ostream& err) {
  s.stack = load_stack(o.file, s.findings);
  if (!s.findings.has_errors()) validate_stack(*s.stack, s.findings);
  s.findings.sort();
  if (s.findings.has_errors()) {
    if (json_out(o)) {
      print_json(out, json::object{{"file", o.file},
                                   {"valid", false},
                                   {"findings", findings_json(o.file, s.findings)}});
    } else {
      print_findings(err, o.file, s.findings);
      err << "hpctl: the stack file is invalid; fix it and run again (hpctl validate -f " << o.file
          << ")\n";
    }
    return kExitInvalidStack;
  }
  if (!json_out(o) && s.findings.count(Severity::Warning) > 0) {
    print_findings(err, o.file, s.findings);
  }
  return std::nullopt;
}

void connect(const CommandOptions& o, Session& s, std::ostream& err) {
  if (!s.stack) s.stack = std::make_unique<Stack>();
  Settings settings = resolve_settings(o.connection, s.stack ? s.stack->region : "", process_env());
  s.aws = std::make_unique<AwsClient>(std::move(settings));
  s.progress = make_progress(err, o.tty && !json_out(o), false);
  References refs = s.stack ? References::unknown(*s.stack) : References{};
  refs.set("region", json::string(s.aws->region()));
  refs.set("account", json::string(s.aws->account_id()));  // also proves the credentials work
  s.ctx = std::make_unique<Context>(*s.aws, *s.stack, std::move(refs), *s.progress);
  s.ctx->poll_interval = o.poll_interval;
  s.ctx->timeout = o.timeout;
}

namespace {

std::string render(const json::value& v) {
  if (v.is_null()) return "(none)";
  std::string text = v.is_string() ? std::string(v.as_string()) : json::serialize(v);
  return text.size() > 160 ? text.substr(0, 157) + "..." : text;
}

json::value change_json(const Change& c) {
  json::array fields, notes;
  for (const auto& f : c.fields) {
    fields.push_back(json::object{{"path", f.path}, {"before", f.before}, {"after", f.after}});
  }
  for (const auto& n : c.notes) notes.emplace_back(n);
  json::object o{{"kind", c.kind},
                 {"name", c.name},
                 {"action", to_string(c.action)},
                 {"fields", std::move(fields)},
                 {"notes", std::move(notes)},
                 {"blocked", c.blocked}};
  if (!c.state.empty()) o["state"] = c.state;
  return o;
}

json::object summary(const std::vector<Change>& changes) {
  std::int64_t counts[4] = {0, 0, 0, 0};
  for (const auto& c : changes) ++counts[static_cast<int>(c.action)];
  return {{"create", counts[static_cast<int>(Action::Create)]},
          {"update", counts[static_cast<int>(Action::Update)]},
          {"delete", counts[static_cast<int>(Action::Delete)]},
          {"unchanged", counts[static_cast<int>(Action::None)]}};
}

void print_plan(std::ostream& out, const Session& s, const std::vector<Change>& changes) {
  out << "Stack " << s.stack->name << " in " << s.aws->region()
      << (s.aws->settings().endpoint_url.empty() ? "" : " at " + s.aws->settings().endpoint_url)
      << ":\n";
  for (const auto& c : changes) {
    const char* mark = c.blocked                    ? "!"
                       : c.action == Action::Create ? "+"
                       : c.action == Action::Update ? "~"
                       : c.action == Action::Delete ? "-"
                                                    : "=";
    out << "  " << mark << " " << c.kind << " " << c.name;
    if (!c.state.empty()) out << " (" << c.state << ")";
    out << "\n";
    for (const auto& f : c.fields) {
      if (c.action == Action::Create)
        out << "      + " << f.path << ": " << render(f.after) << "\n";
      else if (f.before.is_null())
        out << "      + " << f.path << ": " << render(f.after) << "\n";
      else if (f.after.is_null())
        out << "      - " << f.path << ": " << render(f.before) << "\n";
      else
        out << "      ~ " << f.path << ": " << render(f.before) << " -> " << render(f.after)
            << "\n";
    }
    for (const auto& n : c.notes) out << "      note: " << n << "\n";
  }
  json::object sum = summary(changes);
  out << "Plan: " << sum["create"].as_int64() << " to create, " << sum["update"].as_int64()
      << " to update, " << sum["delete"].as_int64() << " to delete, " << sum["unchanged"].as_int64()
      << " unchanged.\n";
}

std::vector<Change> plan_all(Session& s, bool destroy) {
  std::vector<Change> changes;
  for (auto& r : s.resources) {
    r->read(*s.ctx);
    if (!destroy) {
      changes.push_back(r->plan(*s.ctx));
      continue;
    }
    Change c{r->kind(), r->name()};
    c.action = r->exists() ? Action::Delete : Action::None;
    changes.push_back(std::move(c));
  }
  if (destroy) std::reverse(changes.begin(), changes.end());
  return changes;
}

void fail_on_live_findings(Session& s) {
  if (!s.ctx->findings.has_errors()) return;
  std::string text;
  for (const auto& f : s.ctx->findings.items()) text += "\n  " + f.path + ": " + f.message;
  throw stack_error("the stack cannot be turned into requests with the live values:" + text);
}

bool has_changes(const std::vector<Change>& changes) {
  return std::any_of(changes.begin(), changes.end(),
                     [](const Change& c) { return c.action != Action::None; });
}

}  // namespace

int run_validate(const CommandOptions& o, std::ostream& out, std::ostream& err) {
  Findings findings;
  auto stack = load_stack(o.file, findings);
  if (!findings.has_errors()) validate_stack(*stack, findings);
  findings.sort();
  if (json_out(o)) {
    print_json(out, json::object{{"file", o.file},
                                 {"valid", !findings.has_errors()},
                                 {"findings", findings_json(o.file, findings)}});
  } else {
    print_findings(out, o.file, findings);
  }
  return findings.has_errors() ? kExitInvalidStack : kExitOk;
}

int run_plan(const CommandOptions& o, std::ostream& out, std::ostream& err) {
  Session s;
  if (auto rc = load(o, s, out, err)) return *rc;
  connect(o, s, err);
  s.resources = build_resources(*s.stack);
  auto changes = plan_all(s, o.destroy);
  fail_on_live_findings(s);
  if (json_out(o)) {
    json::array list;
    for (const auto& c : changes) list.push_back(change_json(c));
    print_json(out, json::object{{"stack", s.stack->name},
                                 {"region", s.aws->region()},
                                 {"changes", std::move(list)},
                                 {"summary", summary(changes)}});
  } else {
    print_plan(out, s, changes);
  }
  bool blocked =
      std::any_of(changes.begin(), changes.end(), [](const Change& c) { return c.blocked; });
  if (blocked) return kExitFailure;
  return o.detailed_exitcode && has_changes(changes) ? kExitChangesPending : kExitOk;
}

int run_apply(const CommandOptions& o, std::ostream& out, std::ostream& err) {
  Session s;
  if (auto rc = load(o, s, out, err)) return *rc;
  connect(o, s, err);
  s.resources = build_resources(*s.stack);
  auto planned = plan_all(s, false);
  fail_on_live_findings(s);
  if (!json_out(o)) print_plan(out, s, planned);
  for (const auto& c : planned) {
    if (c.blocked) {
      throw Error(ErrorKind::Blocked, c.kind + " " + c.name + " cannot be changed in place: " +
                                          (c.notes.empty() ? "" : c.notes.front()));
    }
  }
  std::vector<Change> applied;
  for (auto& r : s.resources) {
    // Read again: what was created before this resource changes what it refers to.
    r->read(*s.ctx);
    Change c = r->plan(*s.ctx);
    fail_on_live_findings(s);
    if (c.action == Action::None)
      r->ensure_ready(*s.ctx);
    else
      r->apply(*s.ctx, c);
    applied.push_back(std::move(c));
  }
  json::object sum = summary(applied);
  if (json_out(o)) {
    json::array list;
    for (const auto& c : applied) list.push_back(change_json(c));
    print_json(out, json::object{{"stack", s.stack->name},
                                 {"region", s.aws->region()},
                                 {"result", "complete"},
                                 {"changes", std::move(list)},
                                 {"summary", std::move(sum)}});
  } else if (!has_changes(applied)) {
    out << "No changes: the stack is up to date.\n";
  } else {
    out << "Apply complete: " << sum["create"].as_int64() << " created, "
        << sum["update"].as_int64() << " updated, " << sum["unchanged"].as_int64()
        << " unchanged.\n";
  }
  return kExitOk;
}

int run_destroy(const CommandOptions& o, std::ostream& out, std::ostream& err) {
  Session s;
  if (auto rc = load(o, s, out, err)) return *rc;
  connect(o, s, err);
  s.resources = build_resources(*s.stack);
  auto planned = plan_all(s, true);
  std::int64_t deleted = 0;
  for (auto it = s.resources.rbegin(); it != s.resources.rend(); ++it) {
    if (!(*it)->exists()) continue;
    (*it)->destroy(*s.ctx);
    ++deleted;
  }
  if (json_out(o)) {
    json::array list;
    for (const auto& c : planned) list.push_back(change_json(c));
    print_json(out, json::object{{"stack", s.stack->name},
                                 {"region", s.aws->region()},
                                 {"result", "complete"},
                                 {"changes", std::move(list)},
                                 {"summary", summary(planned)}});
  } else {
    out << "Destroy complete: " << deleted << " deleted.\n";
  }
  return kExitOk;
}

}  // namespace hpl::deploy
