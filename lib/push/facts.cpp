#include "lib/push/facts.hpp"

#include "lib/core/names.hpp"
#include "lib/core/text.hpp"
#include "lib/git/check.hpp"
#include "lib/git/diff.hpp"
#include "lib/git/repo.hpp"
#include "lib/message/trailers.hpp"
#include "lib/policy/release.hpp"
#include "lib/push/graph.hpp"
#include "lib/rules/approvals.hpp"
#include "lib/push/signature.hpp"
#include "lib/rollback/message.hpp"
#include "lib/rollback/verify.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace rg::push {

namespace fs = std::filesystem;
using change::ObjectKind;
using change::RefKind;

namespace {

// How far back a protected branch's first-parent chain is searched for rollbacks whose content
// a release might bring back. Bounded so a push costs the same on any length of history.
constexpr size_t kRollbackLookback = 1000;
// Symbolic refs followed at most this deep (git itself stops at 5).
constexpr int kMaxSymrefDepth = 5;

std::string lower(std::string_view s) { return core::to_lower(core::trim(s)); }

// The server's refs before the push, read once.
struct ServerRefs {
  struct Entry {
    std::string symbolic;  ///< target name for a symbolic ref
    git_oid target{};      ///< direct target
    std::optional<git_oid> commit; ///< the commit it peels to, when it does
  };
  std::map<std::string, Entry> by_name;
  OidSet tips;  ///< every commit a ref peels to
};

ServerRefs read_refs(git_repository* repo, const Deadline& deadline) {
  ServerRefs out;
  git_reference_iterator* raw_it = nullptr;
  git::check(git_reference_iterator_new(&raw_it, repo), "git_reference_iterator_new");
  git::ReferenceIterator it(raw_it);
  git_reference* ref = nullptr;
  int rc;
  size_t n = 0;
  while ((rc = git_reference_next(&ref, raw_it)) == 0) {
    git::Reference holder(ref);
    if (++n % 1024 == 0) deadline.check("reading the server's refs");
    ServerRefs::Entry e;
    if (git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC) {
      e.symbolic = git_reference_symbolic_target(ref);
    } else if (const git_oid* t = git_reference_target(ref)) {
      e.target = *t;
      const char* name = git_reference_name(ref);
      if (const git_oid* peeled = git_reference_target_peel(ref)) {
        e.commit = *peeled;  // packed-refs' "^" line: an annotated tag's target
      } else if (std::string_view(name).rfind("refs/heads/", 0) == 0) {
        e.commit = *t;  // git stores only commits under refs/heads/: no object read per branch
      } else {
        git_object* obj = nullptr;
        if (git_object_lookup(&obj, repo, t, GIT_OBJECT_ANY) == 0) {
          git::Object o(obj);
          git_object* peeled_obj = nullptr;
          if (git_object_peel(&peeled_obj, obj, GIT_OBJECT_COMMIT) == 0) {
            git::Object p(peeled_obj);
            e.commit = *git_object_id(peeled_obj);
          } else {
            git_error_clear();
          }
        } else {
          git_error_clear();
        }
      }
      if (e.commit) out.tips.insert(*e.commit);
    }
    out.by_name.emplace(git_reference_name(ref), std::move(e));
  }
  if (rc != GIT_ITEROVER) git::check(rc, "git_reference_next");
  return out;
}

RefKind kind_of(std::string_view ref, const policy::ReleasePolicy& rel) {
  if (rel.is_protected(ref)) return RefKind::protected_branch;
  if (ref.rfind("refs/heads/", 0) == 0) {
    if (rel.is_release_branch(ref)) return RefKind::release_branch;
    if (rel.is_feature_branch(ref)) return RefKind::work_branch;
    return RefKind::long_lived;
  }
  if (ref.rfind("refs/tags/", 0) == 0) return RefKind::tag;
  if (ref.rfind("refs/replace/", 0) == 0) return RefKind::replace;
  if (ref.rfind(names::refs::approvals, 0) == 0) return RefKind::approval;
  if (ref.rfind("refs/notes/", 0) == 0) return RefKind::notes;
  return RefKind::other;
}

// Peel a pushed id through annotated tags, collecting their messages.
struct Peeled {
  ObjectKind kind = ObjectKind::none;
  git_oid id{};
  std::vector<std::string> tag_messages;
};

Peeled peel(git_repository* repo, const std::string& hex) {
  Peeled out;
  auto id = git::parse_oid(hex);
  if (!id || git::is_zero(*id)) return out;
  git_object* raw = nullptr;
  git::check(git_object_lookup(&raw, repo, &*id, GIT_OBJECT_ANY), "git_object_lookup", hex);
  git::Object obj(raw);
  for (int depth = 0; depth < 64; ++depth) {
    switch (git_object_type(obj.get())) {
      case GIT_OBJECT_COMMIT: out.kind = ObjectKind::commit; out.id = *git_object_id(obj.get()); return out;
      case GIT_OBJECT_TREE: out.kind = ObjectKind::tree; out.id = *git_object_id(obj.get()); return out;
      case GIT_OBJECT_BLOB: out.kind = ObjectKind::blob; out.id = *git_object_id(obj.get()); return out;
      case GIT_OBJECT_TAG: {
        auto* tag = reinterpret_cast<git_tag*>(obj.get());
        const char* m = git_tag_message(tag);
        out.tag_messages.emplace_back(m ? m : "");
        git_object* next = nullptr;
        git::check(git_tag_target(&next, tag), "git_tag_target", hex);
        obj.reset(next);
        break;
      }
      default: return out;
    }
  }
  throw core::Error("tag chain of " + hex + " is deeper than 64");
}

bool reachable(git_repository* repo, const git_oid& from, const git_oid& target) {
  if (git_oid_equal(&from, &target)) return true;
  return git::check(git_graph_descendant_of(repo, &from, &target), "git_graph_descendant_of",
                    git::to_hex(target)) == 1;
}

// A Rollback-Of value resolved on the server: full ids, and unambiguous abbreviations (>= 7).
std::optional<git_oid> resolve_commit_id(git_repository* repo, std::string_view value) {
  std::string v = lower(value);
  if (v.size() < 7 || v.size() > 40 || !std::all_of(v.begin(), v.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      }))
    return std::nullopt;
  git_oid prefix{};
  if (git_oid_fromstrn(&prefix, v.data(), v.size()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git_object* obj = nullptr;
  if (git_object_lookup_prefix(&obj, repo, &prefix, v.size(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::Object holder(obj);
  return *git_object_id(obj);
}

// The tree entry id at `path` in `tree`, or nullopt.
std::optional<git_oid> entry_at(git_tree* tree, const std::string& path) {
  git_tree_entry* e = nullptr;
  if (git_tree_entry_bypath(&e, tree, path.c_str()) < 0) {
    git_error_clear();
    return std::nullopt;
  }
  git::TreeEntry holder(e);
  return *git_tree_entry_id(e);
}

git::Tree tree_of(const git_commit* c) {
  git_tree* t = nullptr;
  git::check(git_commit_tree(&t, c), "git_commit_tree");
  return git::Tree(t);
}

// A rollback already on the branch: the content it took out (path -> the blob the reverted
// commit had brought in; zero id when that commit had deleted the path).
struct TakenOut {
  std::string rollback;  ///< the rollback commit's id
  std::vector<std::pair<std::string, git_oid>> paths;
};

std::vector<TakenOut> rollbacks_on_branch(git_repository* repo, const git_oid& old_tip, const Deadline& deadline) {
  std::vector<TakenOut> out;
  git_oid cur = old_tip;
  for (size_t n = 0; n < kRollbackLookback; ++n) {
    if (n % 128 == 0) deadline.check("looking for rollbacks on the branch");
    git::Commit c = git::lookup_commit(repo, cur);
    const char* m = git_commit_message(c.get());
    const std::string msg = m ? m : "";
    if (rollback::is_rollback_message(msg)) {
      TakenOut t;
      t.rollback = git::to_hex(cur);
      for (const auto& v : rollback::rollback_of(msg)) {
        auto x = resolve_commit_id(repo, v);
        if (!x) continue;
        git::Commit xc = git::lookup_commit(repo, *x);
        if (git_commit_parentcount(xc.get()) == 0) continue;
        git::Commit xp = git::lookup_commit(repo, *git_commit_parent_id(xc.get(), 0));
        git::Tree xt = tree_of(xc.get()), pt = tree_of(xp.get());
        for (const auto& path : git::changed_paths(repo, xc.get())) {
          auto now = entry_at(xt.get(), path);
          git_oid blob{};
          if (now) blob = *now;
          t.paths.emplace_back(path, blob);
        }
      }
      if (!t.paths.empty()) out.push_back(std::move(t));
    }
    if (git_commit_parentcount(c.get()) == 0) break;
    cur = *git_commit_parent_id(c.get(), 0);
  }
  return out;
}

// Rollbacks whose taken-out content `c` brings back against its first parent.
std::vector<std::string> re_released_by(git_repository* repo, const git_commit* c, const std::vector<TakenOut>& taken) {
  std::vector<std::string> out;
  if (taken.empty() || git_commit_parentcount(c) == 0) return out;
  git::Tree now = tree_of(c);
  git::Commit parent = git::lookup_commit(repo, *git_commit_parent_id(c, 0));
  git::Tree before = tree_of(parent.get());
  for (const auto& t : taken) {
    for (const auto& [path, blob] : t.paths) {
      auto a = entry_at(now.get(), path), b = entry_at(before.get(), path);
      const bool comes_back = git::is_zero(blob) ? (!a && b) : (a && git_oid_equal(&*a, &blob) && (!b || !git_oid_equal(&*b, &blob)));
      if (comes_back) {
        out.push_back(t.rollback);
        break;
      }
    }
  }
  return out;
}

// Lines of work a merge brings in: its own side line plus every merge on the side history that
// joins another line (a merge whose other parent is also new to the branch). Work-branch tips
// met on the way are counted too.
void lines_of_work(git_repository* repo, const git_commit* merge, const OidSet& gained, const OidSet& chain,
                   const OidSet& work_tips, change::ChainCommit& cc) {
  std::vector<git_oid> queue;
  OidSet seen;
  for (unsigned p = 1; p < git_commit_parentcount(merge); ++p) {
    const git_oid* pid = git_commit_parent_id(merge, p);
    if (gained.count(*pid) && !chain.count(*pid) && seen.insert(*pid).second) {
      queue.push_back(*pid);
      ++cc.lines_of_work;
    }
  }
  for (size_t i = 0; i < queue.size(); ++i) {
    const git_oid id = queue[i];
    if (work_tips.count(id)) ++cc.merged_branch_tips;
    git::Commit c = git::lookup_commit(repo, id);
    const unsigned n = git_commit_parentcount(c.get());
    for (unsigned p = 0; p < n; ++p) {
      const git_oid* pid = git_commit_parent_id(c.get(), p);
      if (!gained.count(*pid) || chain.count(*pid)) continue;
      if (p > 0 && seen.count(*pid) == 0) ++cc.lines_of_work;
      if (seen.insert(*pid).second) queue.push_back(*pid);
    }
  }
}

change::SignatureFact check_signature(git_repository* repo, const git_oid& id, const std::string& ref,
                                      const std::vector<message::Trailer>& trailers, const fs::path& signers) {
  change::SignatureFact sc;
  sc.commit = git::to_hex(id);
  sc.ref = ref;
  for (const auto& t : trailers)
    if (message::key_equals(t.key, policy::trailer::authorized_by) ||
        message::key_equals(t.key, policy::trailer::confirmed_by))
      if (auto p = policy::parse_person(t.value)) sc.principals.push_back(lower(p->email));
  const CommitSignature sig = extract_signature(repo, id);
  std::error_code ec;
  using State = change::SignatureFact::State;
  if (sig.kind == CommitSignature::Kind::none) sc.state = State::unsigned_commit;
  else if (sig.kind == CommitSignature::Kind::other) sc.state = State::not_ssh;
  else if (sc.principals.empty()) sc.state = State::no_authorizer;
  else if (!fs::is_regular_file(signers, ec)) {
    sc.state = State::no_signers_file;
    sc.detail = signers.string();
  } else {
    sc.state = State::bad;
    for (const auto& p : sc.principals) {
      const auto v = verify_ssh(signers.string(), p, sig);
      sc.detail = v.detail;
      if (v.ok) {
        sc.state = State::good;
        sc.signer = p;  // the signature counts for this person only
        break;
      }
    }
  }
  return sc;
}

// Approvals of `commit`: refs/release-gate/approvals/<commit>/<person> on the server before the
// push, and those this push creates (the access rule lets only that person create them).
std::vector<change::ApprovalFact> approvals_of(git_repository* repo, const ServerRefs& refs,
                                               const std::vector<RefUpdate>& updates, const std::string& commit) {
  const std::string prefix = std::string(names::refs::approvals) + commit + "/";
  std::map<std::string, std::optional<git_oid>> found;  // person -> blob
  for (auto it = refs.by_name.lower_bound(prefix); it != refs.by_name.end() && it->first.rfind(prefix, 0) == 0; ++it)
    if (it->second.symbolic.empty()) found[it->first.substr(prefix.size())] = it->second.target;
  for (const auto& u : updates)
    if (u.ref.rfind(prefix, 0) == 0) found[u.ref.substr(prefix.size())] = u.is_delete() ? std::nullopt : git::parse_oid(u.new_id);
  std::vector<change::ApprovalFact> out;
  for (const auto& [person, id] : found) {
    if (!id || person.empty() || person.find('/') != std::string::npos) continue;
    git_blob* blob = nullptr;
    if (git_blob_lookup(&blob, repo, &*id) < 0) {
      git_error_clear();
      out.push_back(rules::parse_approval(person, commit, ""));
      continue;
    }
    git::Blob holder(blob);
    const std::string_view body(static_cast<const char*>(git_blob_rawcontent(blob)), size_t(git_blob_rawsize(blob)));
    auto a = rules::parse_approval(person, commit, body);
    out.push_back(std::move(a));
  }
  return out;
}

// The attestation for a release commit: a blob named by `<prefix><subject>` on the server before
// the push, or created by this push, for the commit or one of its other parents.
change::AttestationFact find_attestation(git_repository* repo, const ServerRefs& refs,
                                         const std::vector<RefUpdate>& updates, const std::string& prefix,
                                         const std::string& ref, const git_commit* c) {
  change::AttestationFact a;
  a.ref = ref;
  a.commit = git::to_hex(*git_commit_id(c));
  a.subjects.push_back(a.commit);
  for (unsigned p = 1; p < git_commit_parentcount(c); ++p) a.subjects.push_back(git::to_hex(*git_commit_parent_id(c, p)));
  for (const auto& subject : a.subjects) {
    const std::string name = prefix + subject;
    std::optional<git_oid> target;
    if (auto it = refs.by_name.find(name); it != refs.by_name.end() && it->second.symbolic.empty())
      target = it->second.target;
    for (const auto& u : updates)
      if (u.ref == name) target = u.is_delete() ? std::nullopt : git::parse_oid(u.new_id);
    if (!target) continue;
    git_object* obj = nullptr;
    if (git_object_lookup(&obj, repo, &*target, GIT_OBJECT_ANY) < 0) {
      git_error_clear();
      continue;
    }
    git::Object o(obj);
    git_object* blob_obj = nullptr;
    if (git_object_peel(&blob_obj, obj, GIT_OBJECT_BLOB) < 0) {
      git_error_clear();
      a.attested = subject;
      a.body = std::string();  // not a blob: an invalid attestation, not a missing one
      break;
    }
    git::Object holder(blob_obj);
    auto* blob = reinterpret_cast<git_blob*>(blob_obj);
    const auto size = size_t(git_blob_rawsize(blob));
    a.attested = subject;
    a.body = std::string(static_cast<const char*>(git_blob_rawcontent(blob)), std::min<size_t>(size, 64 * 1024));
    break;
  }
  return a;
}

} // namespace

std::string host_kind(std::string_view source) {
  if (source == "GL_USERNAME") return "gitlab";
  if (source == "GITHUB_USER_LOGIN") return "github";
  if (source.rfind("GITEA_PUSHER", 0) == 0) return "gitea";
  if (source == "GL_USER") return "gitolite";
  if (source == "REMOTE_USER") return "http";
  return "";
}

std::string person_of(const policy::ReleasePolicy& release, const Identity& who) {
  if (!who.known()) return "";
  const std::string kind = host_kind(who.source);
  const std::string login_lc = lower(who.login);
  if (!who.login.empty())
    for (const auto& p : release.people) {
      if (auto it = p.logins.find(kind); it != p.logins.end() && it->second == who.login) return p.id;
      if (std::find(p.emails.begin(), p.emails.end(), login_lc) != p.emails.end()) return p.id;
    }
  const bool email_verified = !who.email.empty() && std::find(release.verified_email_hosts.begin(),
                                                             release.verified_email_hosts.end(),
                                                             kind) != release.verified_email_hosts.end();
  if (email_verified)
    if (const auto* p = release.person_by_email(who.email)) return p->id;
  // Role holders written as `Name <email>`: the login (or a verified e-mail) equals the address.
  for (const auto& [role, holders] : release.roles)
    for (const auto& h : holders) {
      if (!h.id.empty() || h.email.empty()) continue;
      const std::string e = lower(h.email);
      if ((!login_lc.empty() && login_lc == e) || (email_verified && lower(who.email) == e)) return "<" + e + ">";
    }
  return "";
}

std::vector<std::string> roles_of(const policy::ReleasePolicy& release, const Identity& who) {
  const std::string id = person_of(release, who);
  if (id.empty()) return {};
  if (id.front() != '<') return release.roles_of_person(id);
  return release.roles_of(id.substr(1, id.size() - 2));
}

Gathered gather(git_repository* repo, const policy::Policy& policy, const std::vector<RefUpdate>& updates,
                const Identity& pusher, const fs::path& repo_dir, const Deadline& deadline) {
  Gathered g;
  change::PushFacts& facts = g.facts;
  const auto& rel = policy.release;
  facts.pusher.login = pusher.login;
  facts.pusher.email = pusher.email;
  facts.pusher.source = pusher.source;
  facts.pusher.person = person_of(rel, pusher);
  facts.pusher.roles = roles_of(rel, pusher);

  const ServerRefs refs = read_refs(repo, deadline);
  facts.empty_repository = refs.by_name.empty();
  OidSet protected_tips;  // protected branches as they are now
  OidSet work_tips;       // work branches as they are now, and those this push deletes
  for (const auto& [name, e] : refs.by_name) {
    if (!e.commit) continue;
    if (rel.is_protected(name)) protected_tips.insert(*e.commit);
    else if (rel.is_feature_branch(name)) work_tips.insert(*e.commit);
  }

  // What git will refuse after the hook says yes (receive-pack's own checks).
  bool deny_deletes = false, deny_non_ff = false;
  {
    git_config* raw_cfg = nullptr;
    git::check(git_repository_config_snapshot(&raw_cfg, repo), "git_repository_config_snapshot");
    git::Config cfg(raw_cfg);
    int v = 0;
    if (git_config_get_bool(&v, raw_cfg, "receive.denyDeletes") == 0) deny_deletes = v != 0;
    else git_error_clear();
    if (git_config_get_bool(&v, raw_cfg, "receive.denyNonFastForwards") == 0) deny_non_ff = v != 0;
    else git_error_clear();
  }

  // 1. Every command, resolved against the server.
  std::vector<git_oid> other_tips;  // new commits of non-protected refs
  for (const auto& u : updates) {
    change::PushedRef r;
    r.update = u;
    r.ref = u.ref;
    for (int depth = 0; depth < kMaxSymrefDepth; ++depth) {
      auto it = refs.by_name.find(r.ref);
      if (it == refs.by_name.end() || it->second.symbolic.empty()) break;
      r.ref = it->second.symbolic;
      r.via_symref = true;
    }
    auto it = refs.by_name.find(r.ref);
    r.current_id = it != refs.by_name.end() && it->second.symbolic.empty() ? git::to_hex(it->second.target)
                                                                          : std::string(change::zero_id);
    r.kind = kind_of(r.ref, rel);
    if (r.kind == RefKind::approval) {
      const std::string_view rest = std::string_view(r.ref).substr(names::refs::approvals.size());
      const auto slash = rest.find('/');
      if (slash != std::string_view::npos) r.approval_person = std::string(rest.substr(slash + 1));
    }
    if (r.kind == RefKind::work_branch && u.is_delete()) {
      if (auto t = peel_to_commit(repo, u.old_id)) work_tips.insert(*t);
    }
    if (!u.is_delete()) {
      Peeled p = peel(repo, u.new_id);
      r.new_kind = p.kind;
      for (auto& m : p.tag_messages) g.scan.tag_messages.emplace_back(u.ref, std::move(m));
      if (p.kind == ObjectKind::commit) {
        r.new_commit = git::to_hex(p.id);
        if (r.kind != RefKind::protected_branch) other_tips.push_back(p.id);
      } else if (p.kind == ObjectKind::tree || p.kind == ObjectKind::blob) {
        g.scan.objects.push_back({u.ref, p.id, p.kind == ObjectKind::tree});
      }
    }
    if (!u.is_create())
      if (auto t = peel_to_commit(repo, r.current_id != change::zero_id ? r.current_id : u.old_id))
        r.old_commit = git::to_hex(*t);
    if (u.is_delete() && deny_deletes) r.git_refuses = "the server refuses deletions (receive.denyDeletes)";
    if (deny_non_ff && !u.is_delete() && !u.is_create() && r.ref.rfind("refs/heads/", 0) == 0 &&
        !r.old_commit.empty() && !r.new_commit.empty() &&
        !is_fast_forward(repo, *git::parse_oid(r.old_commit), *git::parse_oid(r.new_commit)))
      r.git_refuses = "the server refuses non-fast-forward updates (receive.denyNonFastForwards)";
    facts.refs.push_back(std::move(r));
  }
  deadline.check("resolving the pushed refs");

  // 2. What each protected branch gains: all of it is scanned and judged, whatever the object
  //    store already held.
  OidSet scan_set;
  auto add_scan = [&](const git_oid& id) {
    if (scan_set.insert(id).second) g.scan.commits.push_back(id);
  };
  OidSet gained_union;
  std::map<std::string, std::string> gained_by;  // hex commit -> protected ref
  std::vector<TakenOut> taken;                   // rollbacks on the branch (first protected ref with any)
  const fs::path signers = fs::path(policy.server.allowed_signers).is_absolute()
                               ? fs::path(policy.server.allowed_signers)
                               : repo_dir / policy.server.allowed_signers;
  const auto message_of = rollback::message_lookup(repo);
  std::vector<git_oid> protected_after;  // protected tips after the push
  for (const auto& entry : refs.by_name) {
    const std::string& name = entry.first;
    if (entry.second.commit && rel.is_protected(name) &&
        std::none_of(facts.refs.begin(), facts.refs.end(), [&](const change::PushedRef& r) {
          return r.ref == name && r.kind == RefKind::protected_branch;
        }))
      protected_after.push_back(*entry.second.commit);
  }

  for (auto& r : facts.refs) {
    if (r.kind != RefKind::protected_branch || r.update.is_delete() || r.new_kind != ObjectKind::commit) continue;
    facts.protected_pushed.push_back(r.update.ref);
    const git_oid new_tip = *git::parse_oid(r.new_commit);
    protected_after.push_back(new_tip);
    std::optional<git_oid> old_tip;
    if (!r.old_commit.empty()) old_tip = git::parse_oid(r.old_commit);
    if (old_tip) r.fast_forward = is_fast_forward(repo, *old_tip, new_tip);
    deadline.check("checking fast-forwards");
    if (!r.fast_forward) continue;
    // Created: it gains what no other protected branch has (everything, for an import).
    std::vector<git_oid> hidden;
    if (old_tip) hidden.push_back(*old_tip);
    else
      for (const auto& t : protected_tips) hidden.push_back(t);
    const OidSet gained = gained_commits(repo, new_tip, hidden, deadline);
    for (const auto& id : gained) {
      add_scan(id);
      if (gained_union.insert(id).second) gained_by.emplace(git::to_hex(id), r.update.ref);
    }
    const std::vector<git_oid> entering =
        old_tip ? first_parent_entering(repo, new_tip, gained, deadline) : std::vector<git_oid>{new_tip};
    facts.mainline_commits += entering.size();
    OidSet chain(entering.begin(), entering.end());
    if (old_tip && taken.empty() && !facts.empty_repository) taken = rollbacks_on_branch(repo, *old_tip, deadline);

    for (const auto& id : entering) {
      deadline.check("checking the commits entering the protected branch");
      git::Commit c = git::lookup_commit(repo, id);
      const char* raw_msg = git_commit_message_raw(c.get());
      change::ChainCommit cc;
      cc.id = git::to_hex(id);
      cc.message = raw_msg ? raw_msg : "";
      cc.subject = core::printable(std::string_view(cc.message).substr(0, cc.message.find('\n')));
      cc.merge = git_commit_parentcount(c.get()) > 1;
      const git_signature* author = git_commit_author(c.get());
      cc.author_name = author && author->name ? author->name : "";
      cc.author_email = author && author->email ? author->email : "";
      const auto trailers = message::parse_trailers(cc.message);
      for (const auto& t : trailers)
        if (message::key_equals(t.key, policy::trailer::release_type)) cc.release_type = lower(t.value);
      cc.changed_paths = git::changed_paths(repo, c.get());
      cc.touches_policy = std::any_of(cc.changed_paths.begin(), cc.changed_paths.end(), [](const std::string& p) {
        return p == "release-gate.yml" || p == policy::repo_policy_file;
      });
      cc.rollback = rollback::is_rollback_message(cc.message);
      std::vector<std::string> named;
      if (cc.rollback) {
        named = rollback::rollback_of(cc.message);
      } else if (!cc.merge && cc.release_type.empty() && !rollback::reverted_rollback(cc.message, message_of)) {
        // The SOP's own rollback: `git revert <release>` pushed as it is.
        named = rollback::reverts_named(cc.message);
        cc.rollback = cc.plain_revert = !named.empty();
      }
      if (cc.rollback) {
        std::vector<git_oid> targets;
        bool all_resolved = true;
        for (const auto& v : named) {
          change::RollbackTarget t;
          t.named = core::printable(v);
          if (auto x = resolve_commit_id(repo, v)) {
            t.id = git::to_hex(*x);
            t.on_branch = old_tip && reachable(repo, *old_tip, *x);
            targets.push_back(*x);
          } else {
            all_resolved = false;
          }
          cc.rollback_targets.push_back(std::move(t));
        }
        if (!all_resolved || targets.empty()) {
          cc.rollback_problem = targets.empty() && all_resolved ? "it names no reverted commit (Rollback-Of: <id>)"
                                                                : "a Rollback-Of value names no commit";
        } else {
          const auto v = rollback::verify_rollback(repo, id, targets);
          cc.rollback_verified = v.ok;
          cc.rollback_problem = core::printable(v.error);
          cc.rollback_differing = v.differing_paths;
        }
      }
      if (cc.merge) lines_of_work(repo, c.get(), gained, chain, work_tips, cc);
      if (!cc.rollback) {
        cc.re_released = re_released_by(repo, c.get(), taken);
        if (auto rr = rollback::reverted_rollback(cc.message, message_of)) cc.re_released.push_back(*rr);
        // A side commit that reverts a rollback re-releases through this merge.
        if (cc.merge && cc.re_released.empty())
          for (const auto& gid : gained)
            if (!chain.count(gid))
              if (auto rr = rollback::reverted_rollback(message_of(git::to_hex(gid)).value_or(""), message_of)) {
                cc.re_released.push_back(*rr);
                break;
              }
        cc.re_release = !cc.re_released.empty();
      }
      const git_signature* committer = git_commit_committer(c.get());
      cc.committer_email = committer && committer->email ? committer->email : "";
      cc.approvals = approvals_of(repo, refs, updates, cc.id);
      if (policy.server.signatures == policy::SignatureMode::strict)
        facts.signatures.push_back(check_signature(repo, id, r.update.ref, trailers, signers));
      if (!facts.empty_repository)
        facts.attestations.push_back(find_attestation(repo, refs, updates, policy.readiness.attestation.ref_prefix,
                                                      r.update.ref, c.get()));
      r.entering.push_back(std::move(cc));
    }
  }
  deadline.check("walking the protected branches");

  // 3. Everything other refs gain that no ref reaches yet, including commits an earlier pack
  //    left in the store that no ref names.
  if (!other_tips.empty())
    for (const auto& id : commits_not_on_refs(repo, other_tips, refs.tips, deadline)) add_scan(id);
  g.facts.commits_scanned = g.scan.commits.size();

  // 4. Work branches merged into a protected branch and left behind.
  std::map<std::string, std::string> tips;  // work branch -> tip after the push
  for (const auto& [name, e] : refs.by_name)
    if (e.commit && e.symbolic.empty() && rel.is_feature_branch(name)) tips[name] = git::to_hex(*e.commit);
  for (const auto& r : facts.refs) {
    if (r.kind != RefKind::work_branch || !r.git_refuses.empty()) continue;  // refused: stays as it is
    if (r.update.is_delete()) tips.erase(r.ref);
    else if (!r.new_commit.empty()) tips[r.ref] = r.new_commit;
  }
  if (!gained_union.empty())
    for (const auto& [ref, tip] : tips) {
      auto id = git::parse_oid(tip);
      if (id && gained_union.count(*id)) facts.dangling.push_back({ref, tip, gained_by[tip]});
    }
  // A work branch pushed onto history a protected branch already has (and not its tip: a new
  // branch to start work from).
  for (auto& r : facts.refs) {
    if (r.kind != RefKind::work_branch || r.new_commit.empty()) continue;
    const git_oid tip = *git::parse_oid(r.new_commit);
    if (gained_union.count(tip)) continue;  // reported as dangling above
    if (scan_set.count(tip)) continue;      // new to the server: no protected branch has it
    deadline.check("checking pushed branches against the protected branches");
    bool at_a_tip = std::any_of(protected_after.begin(), protected_after.end(),
                                [&](const git_oid& p) { return git_oid_equal(&p, &tip); });
    if (at_a_tip) continue;
    for (const auto& p : protected_after)
      if (reachable(repo, p, tip)) {
        r.tip_already_merged = true;
        for (const auto& [name, e] : refs.by_name)
          if (e.commit && git_oid_equal(&*e.commit, &p) && rel.is_protected(name)) r.merged_into = name;
        for (const auto& o : facts.refs)
          if (o.kind == RefKind::protected_branch && o.new_commit == git::to_hex(p)) r.merged_into = o.ref;
        break;
      }
  }
  return g;
}

} // namespace rg::push
