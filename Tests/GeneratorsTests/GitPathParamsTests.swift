import FleetModel
import Testing

@testable import Generators

@Suite("Git generator params")
struct GitPathParamsTests {
    @Test("a folder yields path, basename, its normalized form and each segment")
    func folder() {
        let params = ParamSet(GitPathParams.folder("apps/Team_A/Web.App", prefix: nil))
        #expect(params.lookup("path") == "apps/Team_A/Web.App")
        #expect(params.lookup("path.basename") == "Web.App")
        #expect(params.lookup("path.basenameNormalized") == "web.app")
        #expect(params.lookup("path[0]") == "apps")
        #expect(params.lookup("path[1]") == "Team_A")
        #expect(params.lookup("path[2]") == "Web.App")
        #expect(params.lookup("path[3]") == nil)
        #expect(params.lookup("path.filename") == nil)
    }

    @Test("a file yields its folder's params plus filename; a root file's path is .")
    func file() {
        let params = ParamSet(GitPathParams.file("clusters/EU West/config.json", prefix: nil))
        #expect(params.lookup("path") == "clusters/EU West")
        #expect(params.lookup("path.basename") == "EU West")
        #expect(params.lookup("path.basenameNormalized") == "eu-west")
        #expect(params.lookup("path.filename") == "config.json")
        #expect(params.lookup("path.filenameNormalized") == "config.json")
        #expect(params.lookup("path[1]") == "EU West")
        let root = ParamSet(GitPathParams.file("Config_File.yaml", prefix: nil))
        #expect(root.lookup("path") == ".")
        #expect(root.lookup("path.filenameNormalized") == "config-file.yaml")
        #expect(root.lookup("path[0]") == nil)
    }

    @Test("pathParamPrefix puts every path param under the prefix")
    func prefix() {
        let params = ParamSet(GitPathParams.file("a/b/c.yaml", prefix: "repo"))
        #expect(params.lookup("repo.path") == "a/b")
        #expect(params.lookup("repo.path.basename") == "b")
        #expect(params.lookup("repo.path.filename") == "c.yaml")
        #expect(params.lookup("repo.path[0]") == "a")
        #expect(params.lookup("path") == nil)
    }

    @Test("normalized names follow Argo CD's SanitizeName")
    func normalized() {
        #expect(GitPathParams.normalized("--My_App..") == "my-app")
        #expect(GitPathParams.normalized("über") == "ber")
        #expect(GitPathParams.normalized(String(repeating: "a", count: 300)).count == 253)
        #expect(GitPathParams.normalized("._-") == "")
    }

    @Test("config content flattens to dotted names, list elements by index, scalars keeping their type")
    func flatten() {
        let content: JSONObject = [
            "cluster": ["name": "eu", "replicas": 3, "tags": ["a", "b"], "empty": [:]],
            "enabled": true,
        ]
        let flat = GitPathParams.flattened(content)
        #expect(flat["cluster.name"] == "eu")
        #expect(flat["cluster.replicas"] == 3)
        #expect(flat["cluster.tags.0"] == "a")
        #expect(flat["cluster.tags.1"] == "b")
        #expect(flat["cluster.empty"] == .object(JSONObject()))
        #expect(flat["enabled"] == true)
        #expect(flat["cluster"] == nil)
    }

    @Test("globs: * and ? stay within a segment, ** spans segments, classes and escapes work")
    func globs() {
        #expect(PathGlob("apps/*").matches("apps/web"))
        #expect(!PathGlob("apps/*").matches("apps/web/base"))
        #expect(!PathGlob("apps/*").matches("apps"))
        #expect(PathGlob("clusters/*/config.json").matches("clusters/eu/config.json"))
        #expect(!PathGlob("clusters/*/config.json").matches("clusters/eu/x/config.json"))
        #expect(PathGlob("clusters/**/config.json").matches("clusters/config.json"))
        #expect(PathGlob("clusters/**/config.json").matches("clusters/eu/x/config.json"))
        #expect(PathGlob("apps/w?b").matches("apps/web"))
        #expect(PathGlob("apps/[a-c]*").matches("apps/beta"))
        #expect(!PathGlob("apps/[!a-c]*").matches("apps/beta"))
        #expect(PathGlob("apps/\\*").matches("apps/*"))
        #expect(!PathGlob("apps/\\*").matches("apps/web"))
        #expect(!PathGlob("apps/[abc").matches("apps/a"))
    }
}
