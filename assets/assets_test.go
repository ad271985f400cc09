package assets_test

import (
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/payouts/payouts/assets"
)

// FyneApp.toml is the source of truth; the constants must follow it.
func TestMetadataMatchesFyneAppToml(t *testing.T) {
	var meta struct {
		Details struct {
			Icon, Name, ID, Version string
		}
	}
	if _, err := toml.DecodeFile("../FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ field, got, want string }{
		{"ID", assets.AppID, meta.Details.ID},
		{"Name", assets.Name, meta.Details.Name},
		{"Version", assets.Version, meta.Details.Version},
	} {
		if c.got != c.want {
			t.Errorf("%s: assets has %q, FyneApp.toml has %q", c.field, c.got, c.want)
		}
	}
	if meta.Details.Icon != "assets/icon.png" {
		t.Errorf("FyneApp.toml icon = %q, want assets/icon.png (embedded here)", meta.Details.Icon)
	}
	if len(assets.Icon.Content()) < 100 {
		t.Error("icon is empty")
	}
}
