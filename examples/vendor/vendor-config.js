// Read by ihkit.js as it loads (a classic script runs before module scripts): this vendor's
// elements are <lumen-…> instead of <ih-…>, so they never meet another copy of ihkit on the page.
window.ihkitConfig = { tagPrefix: 'lumen' };
