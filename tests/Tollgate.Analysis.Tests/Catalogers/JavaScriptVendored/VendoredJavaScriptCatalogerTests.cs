using Tollgate.Analysis.Catalogers;
using Tollgate.Analysis.Catalogers.Language.JavaScriptVendored;
using Tollgate.Analysis.Tests.Support;

namespace Tollgate.Analysis.Tests.JavaScriptVendored;

/// <summary>
/// Vendored libraries recognised by retire.js signatures. The fixtures are the real first lines of the published
/// files (jquery 3.4.1's jquery.min.js banner, lodash 4.17.20's lodash.js header down to its VERSION line).
/// </summary>
public sealed class VendoredJavaScriptCatalogerTests
{
    private const string JQueryMinBanner = "/*! jQuery v3.4.1 | (c) JS Foundation and other contributors | jquery.org/license */\n!function(e,t){\"use strict\";}(this);\n";

    private const string LodashHeader = """
        /**
         * @license
         * Lodash <https://lodash.com/>
         * Copyright OpenJS Foundation and other contributors <https://openjsf.org/>
         * Released under MIT license <https://lodash.com/license>
         * Based on Underscore.js 1.8.3 <http://underscorejs.org/LICENSE>
         * Copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors
         */
        ;(function() {

          /** Used as a safe reference for `undefined` in pre-ES5 environments. */
          var undefined;

          /** Used as the semantic version number. */
          var VERSION = '4.17.20';
        }.call(this));

        """;

    private static readonly VendoredJavaScriptCataloger Cataloger = new();

    [Fact]
    public async Task Jquery_and_lodash_are_found_by_content_and_by_file_name()
    {
        var image = new SyntheticImage().Layer()
            .File("/srv/www/static/js/jquery.min.js", JQueryMinBanner)
            .File("/srv/www/static/vendor/lodash.js", LodashHeader)
            .File("/srv/www/legacy/jquery-1.12.4.min.js", "/* minified without banner */ var a=1;\n")
            .File("/srv/www/static/js/app.js", "console.log('hello');\n")
            .File("/app/node_modules/jquery/dist/jquery.min.js", JQueryMinBanner);
        using var loaded = await image.LoadAsync(Cataloger.Requests);

        var packages = Cataloger.Catalog(new CatalogContext(loaded, null)).Packages;

        var found = packages.Select(p => (p.Purl, p.Locations[0].Path)).Order().ToList();
        Assert.Equal(
        [
            ("pkg:npm/jquery@1.12.4", "/srv/www/legacy/jquery-1.12.4.min.js"),
            ("pkg:npm/jquery@3.4.1", "/srv/www/static/js/jquery.min.js"),
            ("pkg:npm/lodash@4.17.20", "/srv/www/static/vendor/lodash.js"),
        ], found);
        Assert.All(packages, p => Assert.Equal("true", p.Metadata["vendored"]));
    }

    [Fact]
    public void The_retire_repository_is_loaded()
    {
        // 76 entries in jsrepository-v5.json, less retire's own example entry when present.
        Assert.InRange(RetireRepository.Components.Count, 70, 76);
        Assert.Contains(RetireRepository.Components, c => c.Name == "jquery" && c.FileContents.Count > 5);
    }
}
