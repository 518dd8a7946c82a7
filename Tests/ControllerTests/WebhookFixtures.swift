/// Push payloads in the shapes the providers document (trimmed to the fields a push carries).
enum WebhookFixtures {
    /// GitHub `push` (docs.github.com, "Webhook events and payloads").
    static let githubPush = """
        {
          "ref": "refs/heads/main",
          "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
          "after": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
          "repository": {
            "id": 186853002,
            "name": "Hello-World",
            "full_name": "Codertocat/Hello-World",
            "private": false,
            "owner": { "name": "Codertocat", "login": "Codertocat" },
            "html_url": "https://github.com/Codertocat/Hello-World",
            "url": "https://github.com/Codertocat/Hello-World",
            "git_url": "git://github.com/Codertocat/Hello-World.git",
            "ssh_url": "git@github.com:Codertocat/Hello-World.git",
            "clone_url": "https://github.com/Codertocat/Hello-World.git",
            "default_branch": "main"
          },
          "pusher": { "name": "Codertocat", "email": "21031067+Codertocat@users.noreply.github.com" },
          "sender": { "login": "Codertocat", "id": 21031067 },
          "created": false,
          "deleted": false,
          "forced": false,
          "compare": "https://github.com/Codertocat/Hello-World/compare/6113728f27ae...0d1a26e67d8f",
          "commits": [
            {
              "id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
              "message": "Update README.md",
              "added": [], "removed": [], "modified": ["README.md"]
            }
          ],
          "head_commit": { "id": "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "message": "Update README.md" }
        }
        """

    /// GitHub `ping`, sent when a webhook is created.
    static let githubPing = """
        {
          "zen": "Keep it logically awesome.",
          "hook_id": 30,
          "hook": { "type": "Repository", "id": 30, "events": ["push"], "active": true,
                    "config": { "content_type": "json", "url": "https://flotilla.example.com/api/webhook" } },
          "repository": { "full_name": "Codertocat/Hello-World",
                          "html_url": "https://github.com/Codertocat/Hello-World" }
        }
        """

    /// GitLab `Push Hook` (docs.gitlab.com, "Webhook events": push events).
    static let gitlabPush = """
        {
          "object_kind": "push",
          "event_name": "push",
          "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
          "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          "ref": "refs/heads/master",
          "ref_protected": true,
          "checkout_sha": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          "user_id": 4,
          "user_name": "John Smith",
          "project_id": 15,
          "project": {
            "id": 15,
            "name": "Diaspora",
            "web_url": "http://example.com/mike/diaspora",
            "git_ssh_url": "git@example.com:mike/diaspora.git",
            "git_http_url": "http://example.com/mike/diaspora.git",
            "namespace": "Mike",
            "path_with_namespace": "mike/diaspora",
            "default_branch": "master",
            "homepage": "http://example.com/mike/diaspora",
            "url": "git@example.com:mike/diaspora.git",
            "ssh_url": "git@example.com:mike/diaspora.git",
            "http_url": "http://example.com/mike/diaspora.git"
          },
          "repository": {
            "name": "Diaspora",
            "url": "git@example.com:mike/diaspora.git",
            "homepage": "http://example.com/mike/diaspora",
            "git_http_url": "http://example.com/mike/diaspora.git",
            "git_ssh_url": "git@example.com:mike/diaspora.git",
            "visibility_level": 0
          },
          "commits": [
            { "id": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", "message": "fixed readme",
              "added": ["CHANGELOG"], "modified": ["app/controller/application.rb"], "removed": [] }
          ],
          "total_commits_count": 1
        }
        """

    /// Gitea / Forgejo `push` (docs.gitea.com, "Webhooks": event information).
    static let giteaPush = """
        {
          "ref": "refs/heads/develop",
          "before": "28e1879d029cb852e4844d9c718537df08844e03",
          "after": "bffeb74224043ba2feb48d137756c8a9331c449a",
          "compare_url": "http://localhost:3000/gitea/webhooks/compare/28e1879d029c...bffeb7422404",
          "commits": [
            { "id": "bffeb74224043ba2feb48d137756c8a9331c449a", "message": "Webhooks Yay!",
              "url": "http://localhost:3000/gitea/webhooks/commit/bffeb74224043ba2feb48d137756c8a9331c449a" }
          ],
          "repository": {
            "id": 140,
            "owner": { "id": 1, "login": "gitea", "full_name": "Gitea", "username": "gitea" },
            "name": "webhooks",
            "full_name": "gitea/webhooks",
            "private": false,
            "fork": false,
            "html_url": "http://localhost:3000/gitea/webhooks",
            "ssh_url": "ssh://gitea@localhost:2222/gitea/webhooks.git",
            "clone_url": "http://localhost:3000/gitea/webhooks.git",
            "default_branch": "master"
          },
          "pusher": { "id": 1, "login": "gitea", "username": "gitea" },
          "sender": { "id": 1, "login": "gitea", "username": "gitea" }
        }
        """

    /// Bitbucket Cloud `repo:push` (support.atlassian.com, "Event payloads": push).
    static let bitbucketPush = """
        {
          "push": {
            "changes": [
              {
                "new": { "type": "branch", "name": "master",
                         "target": { "type": "commit", "hash": "709d658dc5b6d6afcd46049c2f332ee3f515a67d",
                                     "message": "new commit" } },
                "old": { "type": "branch", "name": "master",
                         "target": { "type": "commit", "hash": "1e65c05c1d5171631d92438a13901ca7dae9618c" } },
                "created": false, "forced": false, "closed": false
              }
            ]
          },
          "repository": {
            "type": "repository",
            "name": "repo_name",
            "full_name": "team_name/repo_name",
            "uuid": "{1c2bb4a0-d5b1-4c8a-8cdb-9df1a6b9e5b8}",
            "links": {
              "self": { "href": "https://api.bitbucket.org/2.0/repositories/team_name/repo_name" },
              "html": { "href": "https://bitbucket.org/team_name/repo_name" }
            },
            "scm": "git",
            "is_private": true
          },
          "actor": { "type": "user", "display_name": "Emma" }
        }
        """

    /// Bitbucket Server / Data Center `repo:refs_changed` (confluence.atlassian.com, "Event payload").
    static let bitbucketServerPush = """
        {
          "eventKey": "repo:refs_changed",
          "date": "2017-09-19T09:45:32+1000",
          "actor": { "name": "admin", "emailAddress": "admin@example.com", "id": 1 },
          "repository": {
            "slug": "repository",
            "id": 84,
            "name": "repository",
            "scmId": "git",
            "state": "AVAILABLE",
            "project": { "key": "PROJ", "id": 84, "name": "project", "type": "NORMAL" },
            "public": false,
            "links": {
              "clone": [
                { "href": "ssh://git@bitbucket.example.com:7999/proj/repository.git", "name": "ssh" },
                { "href": "https://bitbucket.example.com/scm/proj/repository.git", "name": "http" }
              ],
              "self": [ { "href": "https://bitbucket.example.com/projects/PROJ/repos/repository/browse" } ]
            }
          },
          "changes": [
            {
              "ref": { "id": "refs/heads/master", "displayId": "master", "type": "BRANCH" },
              "refId": "refs/heads/master",
              "fromHash": "ecddabb624f6f5ba43816f5926e580a5f680a932",
              "toHash": "178864a7d521b6f5e720b386b2c2b0ef8563e0dc",
              "type": "UPDATE"
            }
          ]
        }
        """
}
